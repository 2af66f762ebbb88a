"""Pieces every renderer shares: ranges as plain data, and who holds a claim's port now."""

from __future__ import annotations

from ..check import Report
from ..core.addresses import bind_addresses, collides, connect_addresses, is_local_target, most_specific
from ..core.holders import is_ours
from ..core.model import Claim, Listener, Range, Role, Settings
from ..core.paths import relative


def range_dict(range_: Range) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def rel(report: Report, path: str) -> str:
    return relative(path, report.root)


def holders_of(claim: Claim, report: Report) -> list[Listener]:
    """The listeners in the way of a listen claim, or the one a connect claim reaches."""
    snapshot = report.snapshot
    if snapshot is None:
        return []
    on_port = [listener for listener in snapshot.listeners if listener.port == claim.port]
    if claim.role is Role.LISTEN:
        addresses = bind_addresses(claim, snapshot)
        return [listener for listener in on_port if any(collides(listener.socket, a, snapshot) for a in addresses)]
    if not is_local_target(claim.host):
        return []
    sockets = [listener.socket for listener in on_port]
    for address in connect_addresses(claim.host, snapshot):
        socket = most_specific(sockets, address, snapshot)
        if socket is not None:
            return [listener for listener in on_port if listener.socket == socket][:1]
    return []


def ours(listener: Listener, report: Report, settings: Settings | None = None) -> bool:
    return is_ours(listener.process, report.root, settings or Settings())
