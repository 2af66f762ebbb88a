"""waitress's `listen`: space-separated `HOST:PORT` (split at the last colon; `[V6]:PORT`; `*` = every address,
IPv4 and IPv6; a value without a colon takes the port setting)."""

from __future__ import annotations

from collections.abc import Callable

from ...core.facts import Address, Token

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 8080


def split_listen(written: Token, part: Callable[[int, int], Token | None]) -> list[Address]:
    addresses = []
    start = 0
    for piece in written.text.split(" "):
        if piece:
            addresses.append(_address(piece, start, part))
        start += len(piece) + 1
    return addresses


def _address(text: str, at: int, part: Callable[[int, int], Token | None]) -> Address:
    whole = part(at, at + len(text))
    assert whole is not None
    colon = text.rfind(":")
    if colon < 0 or "]" in text[colon:]:
        return Address(whole, part(at, at + len(text)), None)
    host_start, host_end = (1, colon - 1) if text.startswith("[") and text[colon - 1] == "]" else (0, colon)
    return Address(whole, part(at + host_start, at + host_end), part(at + colon + 1, at + len(text)))
