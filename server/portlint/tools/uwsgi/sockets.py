"""uWSGI's socket options and its address syntax: `HOST:PORT`, `:PORT` (every IPv4 address), `[V6]:PORT`; a
value without a colon is a UNIX socket path; `https` takes `ADDRESS,CERT,KEY`."""

from __future__ import annotations

from collections.abc import Callable

from ...core.facts import Address, Token

SOCKET_OPTIONS = ("http", "http-socket", "https", "https-socket", "http11-socket", "socket", "uwsgi-socket")
Span = tuple[int, int]


def address(written: Token, part: Callable[[Span], Token | None]) -> Address:
    text = written.text.split(",", 1)[0]
    colon = text.rfind(":")
    if colon < 0 or "$(" in text or "%(" in text:
        return Address(written, None, None, tcp=False)
    host = (1, colon - 1) if text.startswith("[") and text[colon - 1 : colon] == "]" else (0, colon)
    return Address(written, part(host) if host[1] > host[0] else None, part((colon + 1, len(text))))


def host_of(bind: Address) -> str:
    return bind.host.text if bind.host is not None and bind.host.text else "0.0.0.0"
