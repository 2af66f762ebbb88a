"""Who a claim meets on its port: the listeners in the way of a bind, or the one a connection reaches."""

from __future__ import annotations

from collections.abc import Sequence

from .addresses import bind_addresses, collides, connect_addresses, is_local_target, most_specific
from .model import Claim, Listener, Role, Snapshot


def in_the_way(claim: Claim, listeners: Sequence[Listener], snapshot: Snapshot) -> list[Listener]:
    """The listeners (of the claim's port) that collide with an address the tool binds."""
    addresses = bind_addresses(claim, snapshot)
    return [
        listener
        for listener in listeners
        if listener.port == claim.port and any(collides(listener.socket, a, snapshot) for a in addresses)
    ]


def reached(claim: Claim, listeners: Sequence[Listener], snapshot: Snapshot) -> tuple[str, Listener] | None:
    """The address a client of this target connects to and the listener that answers there; None when every
    address refuses or the target is not on this machine. Clients try the next address only when refused."""
    if not is_local_target(claim.host):
        return None
    on_port = [listener for listener in listeners if listener.port == claim.port]
    sockets = [listener.socket for listener in on_port]
    for address in connect_addresses(claim.host, snapshot):
        socket = most_specific(sockets, address, snapshot)
        if socket is not None:
            return address, next(listener for listener in on_port if listener.socket == socket)
    return None


def holders(claim: Claim, snapshot: Snapshot | None) -> list[Listener]:
    """For a listen claim, who is in the way; for a connect claim, who answers."""
    if snapshot is None:
        return []
    if claim.role is Role.LISTEN:
        return in_the_way(claim, snapshot.listeners, snapshot)
    found = reached(claim, snapshot.listeners, snapshot)
    return [found[1]] if found else []
