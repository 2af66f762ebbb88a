"""Choosing the port a "switch to free port" fix moves a service to.

The candidate must be free right now (the caller's bind test), claimed by no config of the workspace
(defaults included), not refused by browsers, not a known trouble port on this platform, outside the ranges
the system reserves (Windows' excluded port ranges), and close to the old one so it still reads like the same
service.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from .model import PortRange
from .restricted import BROWSER_RESTRICTED_PORTS

# macOS's AirPlay Receiver takes these by itself. Avoided on every platform: a workspace travels between
# machines, and a fix made on Linux should not break a colleague's Mac.
TROUBLE_PORTS = frozenset({5000, 7000})
SEARCH_SPAN = 200  # how far from the old port a fix may go
LOWEST = 1024  # below this, binding needs privileges


def candidate_ports(old: int) -> list[int]:
    """Ports near `old`, nearest first, upward before downward: old+1, old-1, old+2, ..."""
    ports = []
    for distance in range(1, SEARCH_SPAN + 1):
        for port in (old + distance, old - distance):
            if LOWEST <= port <= 65535:
                ports.append(port)
    return ports


def choose_free_ports(
    old: int,
    count: int,
    claimed: Collection[int],
    is_free: Callable[[int], bool],
    avoid: Collection[int] = frozenset(),
    reserved: Sequence[PortRange] = (),
) -> list[int]:
    """Up to `count` acceptable candidates near `old` that `is_free` confirms, nearest first. `avoid` are
    ports a service that moves by itself would drift onto (`drift_targets`); `reserved` the ranges the system
    keeps (no process holds them, yet binding fails)."""
    chosen: list[int] = []
    for port in candidate_ports(old):
        if len(chosen) == count:
            break
        if port in claimed or port in avoid or port in BROWSER_RESTRICTED_PORTS or port in TROUBLE_PORTS:
            continue
        if any(port in item for item in reserved):
            continue
        if is_free(port):
            chosen.append(port)
    return chosen


def choose_free_port(
    old: int,
    claimed: Collection[int],
    is_free: Callable[[int], bool],
    avoid: Collection[int] = frozenset(),
    reserved: Sequence[PortRange] = (),
) -> int | None:
    """The first acceptable candidate that `is_free` confirms, or None when none within reach is."""
    ports = choose_free_ports(old, 1, claimed, is_free, avoid, reserved)
    return ports[0] if ports else None


def drift_targets(port: int, claimed: Collection[int], is_free: Callable[[int], bool]) -> frozenset[int]:
    """Where a service that scans upward from a taken `port` (a default firebase emulator) may start instead:
    every port above it up to the first that is free now and claimed by no config (a claimed port may be
    free now and taken by the time that service starts)."""
    drift: set[int] = set()
    for candidate in range(port + 1, min(port + SEARCH_SPAN, 65535) + 1):
        drift.add(candidate)
        if candidate not in claimed and is_free(candidate):
            break
    return frozenset(drift)
