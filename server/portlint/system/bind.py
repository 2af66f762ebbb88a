"""Bind tests: is a port free right now? Loopback only, and the socket is closed at once."""

from __future__ import annotations

import socket

LOOPBACKS = (("127.0.0.1", socket.AF_INET), ("::1", socket.AF_INET6))


def is_free(port: int) -> bool:
    """True when a listening socket could take `port` on 127.0.0.1 and on ::1 (where IPv6 exists)."""
    for address, family in LOOPBACKS:
        try:
            probe = socket.socket(family, socket.SOCK_STREAM)
        except OSError:
            continue  # no IPv6 on this machine: nothing can hold ::1 either
        try:
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            probe.bind((address, port))
        except OSError:
            return False
        finally:
            probe.close()
    return True
