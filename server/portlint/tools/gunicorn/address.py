"""A gunicorn bind address split as gunicorn's `util.parse_address` splits it: `HOST:PORT`, `[V6]:PORT`, `:PORT`
(all IPv4 addresses), `HOST` (port 8000), `tcp://...`; `unix:PATH` and `fd://N` bind no TCP port."""

from __future__ import annotations

from collections.abc import Callable

from ...core.facts import Address, Token

DEFAULT_PORT = 8000

Span = tuple[int, int]


def split(text: str) -> tuple[bool, Span | None, Span | None]:
    """(binds a TCP port, the host's span, the port's span) in `text`; a part not written is None."""
    if text.startswith("unix:") or text.startswith("fd://"):
        return False, None, None
    base = len("tcp://") if text.startswith("tcp://") else 0
    rest = text[base:]
    if "[" in rest and "]" in rest:
        close = rest.index("]")
        host = (base + rest.index("[") + 1, base + close)
        after = rest[close:]
        if after.startswith("]:"):
            return True, host, _until_colon(text, base + close + 2)
        return True, host, None
    if ":" in rest:
        colon = rest.index(":")
        return True, (base, base + colon), _until_colon(text, base + colon + 1)
    if rest == "":
        return True, None, None
    return True, (base, len(text)), None


def _until_colon(text: str, start: int) -> Span:
    end = text.find(":", start)
    return start, end if end >= 0 else len(text)


def address(written: Token, part: Callable[[Span], Token | None]) -> Address:
    """The address with its parts' tokens; `part` makes a token of a span of the written text."""
    tcp, host, port = split(written.text)
    return Address(
        written,
        part(host) if host is not None else None,
        part(port) if port is not None else None,
        tcp=tcp,
    )


def host_of(address: Address) -> str:
    """The address gunicorn binds: `:8000` and `` are every IPv4 address (it binds the empty host)."""
    host = address.host.text.lower() if address.host is not None else ""
    return host or "0.0.0.0"
