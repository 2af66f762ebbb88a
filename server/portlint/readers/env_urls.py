"""URLs a front end is built with: the values of a dotenv file whose keys carry the tool's public prefix
(`VITE_`, `REACT_APP_`, `NEXT_PUBLIC_`) and that name a local http(s)/ws(s) URL with a port. The browser
connects there directly, so each is a connect claim (part CLIENT) of the front end."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from msgspec import Struct

from ..core.addresses import is_local_target
from ..core.facts import DotenvFile
from ..core.model import Location, Position, Range

_SCHEMES = ("http", "https", "ws", "wss")


class EnvUrl(Struct, frozen=True):
    key: str
    url: str
    host: str
    port: int
    port_location: Location  # the port digits inside the value (the whole value when it holds escapes)


def local_urls(dotenv: DotenvFile, prefixes: tuple[str, ...]) -> Iterator[EnvUrl]:
    for key, token in dotenv.values.items():
        if not key.startswith(prefixes):
            continue
        try:
            parts = urlsplit(token.text.strip())
            port = parts.port
        except ValueError:
            continue
        if parts.scheme not in _SCHEMES or port is None or not parts.hostname or not is_local_target(parts.hostname):
            continue
        yield EnvUrl(key, token.text, parts.hostname, port, _digits(token.location, token.text, port))


def _digits(location: Location, text: str, port: int) -> Location:
    """The port's digits, when the value sits on one line as written (no quotes stepped over, no escapes)."""
    rng = location.range
    digits = f":{port}"
    at = text.find(digits)
    width = rng.end.character - rng.start.character
    if at < 0 or rng.start.line != rng.end.line or width != len(text):
        return location
    start = rng.start.character + at + 1
    return Location(
        location.file, Range(Position(rng.start.line, start), Position(rng.start.line, start + len(str(port))))
    )
