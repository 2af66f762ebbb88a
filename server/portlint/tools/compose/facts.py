"""What a compose file says before interpolation and precedence: each service's published ports."""

from __future__ import annotations

from msgspec import Struct

from ...core.model import Location, Position, Range
from ...core.text import utf16_len


class Scalar(Struct, frozen=True):
    """A YAML scalar's value as written, and where. `direct`: on one line, each character of the value at
    its own place in the file (plain, or quoted without escapes), so a part of it can be located."""

    text: str
    location: Location
    direct: bool = False

    def part(self, start: int, end: int) -> Location:
        """Where `text[start:end]` is written; the whole value when that cannot be told."""
        if not self.direct:
            return self.location
        begin = self.location.range.start
        first = Position(begin.line, begin.character + utf16_len(self.text[:start]))
        last = Position(begin.line, begin.character + utf16_len(self.text[:end]))
        return Location(self.location.file, Range(first, last))


class ComposePort(Struct, frozen=True):
    """One entry of a service's `ports:`. Short syntax (`"127.0.0.1:8080:80/tcp"`): `spec` holds it whole.
    Long syntax: its `published`, `target`, `host_ip`, `protocol` (absent ones None)."""

    location: Location  # the whole entry
    spec: Scalar | None = None
    published: Scalar | None = None
    target: Scalar | None = None
    host_ip: Scalar | None = None
    protocol: Scalar | None = None


class Extends(Struct, frozen=True):
    """`extends: base` or `extends: {service: base, file: common.yml}`: the service starts from another's
    definition (its `ports` come first, the extending service's are appended)."""

    service: str
    file: str | None = None  # absolute; None: the same file


class ComposeService(Struct, frozen=True):
    name: str
    location: Location  # the service's key
    ports: tuple[ComposePort, ...] = ()
    container_name: str | None = None
    host_network: bool = False  # `network_mode: host`: ports are not published, the container binds itself
    profiles: tuple[str, ...] = ()  # started only when one of them is active
    extends: Extends | None = None


class ComposeFile(Struct, frozen=True):
    path: str
    services: tuple[ComposeService, ...] = ()
    includes: tuple[str, ...] = ()  # top-level `include:` paths, absolute
