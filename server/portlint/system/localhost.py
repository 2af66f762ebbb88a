"""What `localhost` means on this machine: the resolver's order of its addresses, and whether an IPv6
wildcard socket also takes IPv4."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

Resolver = Callable[..., Sequence[tuple[Any, ...]]]

BINDV6ONLY = "/proc/sys/net/ipv6/bindv6only"


def localhost_order(resolve: Resolver = socket.getaddrinfo) -> tuple[str, ...]:
    """The addresses `localhost` resolves to, in the resolver's order, each once. Node 17+ connects to
    the first one (and tries the next only when refused). Empty when the name does not resolve.

    The system's resolver decides the order: macOS answers `::1` first (then 127.0.0.1, and `fe80::1%lo0` where
    /etc/hosts still lists it), most Linux systems 127.0.0.1 first; so the order is asked, never assumed."""
    try:
        infos = resolve("localhost", None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return ()
    order: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in order:
            order.append(address)
    return tuple(order)


def v6_wildcard_takes_v4(platform: str = sys.platform) -> bool:
    """Whether a socket on `::` that did not ask for IPV6_V6ONLY also receives IPv4 connections.

    - Linux: yes unless `net.ipv6.bindv6only` is 1 (default 0); no IPv6 at all: no.
    - macOS/BSD: yes unless sysctl `net.inet6.ip6.v6only` is 1 (default 0).
    - Windows: no. Its sockets start with IPV6_V6ONLY on; a program must clear it itself (Node/libuv does,
      Python does not), so the answer depends on the program and the system default is the safer guess.
    A program may always set the option itself; this is the default a socket gets.
    """
    if platform.startswith("linux"):
        try:
            with open(BINDV6ONLY, encoding="ascii") as setting:
                return setting.read().strip() == "0"
        except OSError:
            return False
    if platform == "darwin" or "bsd" in platform:
        try:
            done = subprocess.run(
                ["sysctl", "-n", "net.inet6.ip6.v6only"], capture_output=True, text=True, timeout=2, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return True
        return done.stdout.strip() != "1"
    return False
