"""Which addresses a tool binds or connects to, and which listening sockets those collide with."""

from __future__ import annotations

from .model import Claim, LocalhostBinds, Snapshot, Socket

WILDCARD = {4: "0.0.0.0", 6: "::"}
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def family_of(address: str) -> int:
    return 6 if ":" in address else 4


def is_loopback(address: str) -> bool:
    return address in ("::1",) or address.startswith("127.") or address.startswith("::ffff:127.")


def is_local_target(host: str) -> bool:
    """Whether a connect target stays on this machine, so the snapshot can say who answers."""
    return host.lower() in LOOPBACK_NAMES or is_loopback(host) or host in WILDCARD.values()


def bind_addresses(claim: Claim, snapshot: Snapshot) -> list[str]:
    """The addresses the tool listens on for this claim: the host as written, or for `localhost` what the
    claim's tool does with the name (see `LocalhostBinds`)."""
    host = claim.host.strip("[]")
    if host.lower() not in LOOPBACK_NAMES:
        return [host]
    if claim.localhost_binds is LocalhostBinds.IPV4_LOOPBACK:
        return ["127.0.0.1"]
    if claim.localhost_binds is LocalhostBinds.EVERY_RESOLVED:
        return list(snapshot.localhost_order)
    return list(snapshot.localhost_order[:1])


def connect_addresses(host: str, snapshot: Snapshot) -> list[str]:
    """The addresses a client tries, in order (Node: the resolver's order; the next only when refused)."""
    host = host.strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return list(snapshot.localhost_order)
    if host in WILDCARD.values():  # connecting to 0.0.0.0 / :: reaches the local host
        return ["127.0.0.1"] if host == "0.0.0.0" else ["::1"]
    return [host]


def collides(socket: Socket, address: str, snapshot: Snapshot) -> bool:
    """Whether binding `address` on the socket's port collides with this listening socket."""
    family = family_of(address)
    if socket.family == family:
        return socket.address == address or WILDCARD[family] in (socket.address, address)
    # Across families only a dual-stack IPv6 wildcard overlaps IPv4.
    if not snapshot.v6_wildcard_takes_v4:
        return False
    if socket.family == 6 and socket.address == "::":
        return family == 4
    return socket.family == 4 and address == "::" and family == 6


def accepts(socket: Socket, address: str, snapshot: Snapshot) -> bool:
    """Whether a connection to `address` on the socket's port could be accepted by this socket."""
    family = family_of(address)
    if socket.address == address:
        return True
    if socket.family == family and socket.address == WILDCARD[family]:
        return True
    return family == 4 and socket.family == 6 and socket.address == "::" and snapshot.v6_wildcard_takes_v4


def most_specific(sockets: list[Socket], address: str, snapshot: Snapshot) -> Socket | None:
    """The socket the kernel hands a connection to `address` to: an exact match beats a wildcard."""
    candidates = [s for s in sockets if accepts(s, address, snapshot)]
    if not candidates:
        return None
    exact = [s for s in candidates if s.address == address]
    same_family = [s for s in candidates if s.family == family_of(address)]
    return (exact or same_family or candidates)[0]
