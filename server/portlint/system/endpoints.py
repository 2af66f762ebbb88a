"""One spelling per listening address, whichever tool reported it (psutil, lsof, /proc)."""

from __future__ import annotations

import socket

from ..core.model import Socket

WILDCARDS = {4: "0.0.0.0", 6: "::"}


def normalise_address(address: str, family: int) -> str | None:
    """The canonical text of an address: "127.0.0.1", "::1", "::", "::ffff:127.0.0.1" (IPv4-mapped stays
    IPv6). A zone ("fe80::1%lo0") is kept after the address. None when the text is not an address."""
    text = address.strip().strip("[]")
    if text == "*":
        return WILDCARDS.get(family)
    zone = ""
    if family == 6 and "." in text and ":" not in text:  # lsof prints an IPv4-mapped IPv6 address as IPv4
        text = "::ffff:" + text
    if family == 6 and "%" in text:
        text, zone = text.split("%", 1)
        zone = "%" + zone
    kind = socket.AF_INET6 if family == 6 else socket.AF_INET
    try:
        return socket.inet_ntop(kind, socket.inet_pton(kind, text)) + zone
    except (OSError, ValueError):
        return None


def make_socket(address: str, port: int, family: int) -> Socket | None:
    """A `Socket` from any tool's report, or None when the report is not a usable TCP address."""
    if family not in (4, 6) or not 0 <= port <= 65535:
        return None
    canonical = normalise_address(address, family)
    return None if canonical is None else Socket(canonical, port, family)


def family_number(family: int) -> int:
    """4 or 6 from an `AF_*` constant (psutil reports those)."""
    return 6 if family == socket.AF_INET6 else 4
