"""Findings that compare the claims with who really listens: foreign holders, split ports, localhost."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from . import codes
from .addresses import is_local_target
from .holders import (
    AIRPLAY_FIX,
    addresses,
    bracket,
    by_process,
    clip,
    identity,
    is_airplay,
    is_ours,
    short_way_out,
    vouched_by,
    way_out,
    who,
)
from .model import Claim, Finding, Fix, Listener, Related, Role, Settings, Severity, Snapshot, Taken, TextEdit
from .reach import in_the_way, reached
from .static_checks import bounded_related


class LiveChecks:
    def __init__(
        self,
        claims: Sequence[Claim],
        snapshot: Snapshot,
        root: str,
        settings: Settings,
        ours: Callable[[Listener], bool] | None = None,
    ) -> None:
        self.claims = claims
        self.snapshot = snapshot
        self.root = root
        self.settings = settings
        self._ours = ours
        self._listen_by_port: defaultdict[int, list[Claim]] | None = None
        self._owners: dict[int, list[list[Listener]]] = {}
        self.by_port: dict[int, list[Listener]] = defaultdict(list)
        for listener in snapshot.listeners:
            self.by_port[listener.port].append(listener)
        self.vouched = {port: vouched_by(claims, port) for port in {c.port for c in claims if c.ours_when_held_by}}

    def run(self) -> list[Finding]:
        findings: list[Finding] = []
        for claim in self.claims:
            if claim.port == 0 or claim.port not in self.by_port:
                continue
            if claim.role is Role.LISTEN:
                found = self._held_by_foreign(claim)
            elif is_local_target(claim.host):
                found = self._reached(claim)
            else:
                found = []
            findings += found
            if not any(f.code == codes.LOCALHOST_RESOLVES_ELSEWHERE for f in found):
                findings += self._split(claim)
        return findings

    def _listening_on(self, port: int) -> list[Claim]:
        if self._listen_by_port is None:
            self._listen_by_port = defaultdict(list)
            for c in self.claims:
                if c.role is Role.LISTEN:
                    self._listen_by_port[c.port].append(c)
        return self._listen_by_port.get(port, [])

    def ours(self, listener: Listener) -> bool:
        if self._ours is not None:
            return self._ours(listener)
        vouched = self.vouched.get(listener.port, frozenset())
        return is_ours(listener.process, self.root, self.settings, vouched)

    # ---- a foreign process holds what the service wants to bind ----------------------------------

    def _held_by_foreign(self, claim: Claim) -> list[Finding]:
        holders = [h for h in in_the_way(claim, self.by_port[claim.port], self.snapshot) if not self.ours(h)]
        if not holders:
            return []
        severity = Severity.WARNING if claim.movable else Severity.ERROR
        message = (
            f"Port {claim.port} is held by {who(holders[0])}{_more(holders)}: {_effect(claim)}. "
            f"Way out: {short_way_out(holders)}."
        )
        return [
            Finding(
                codes.PORT_HELD_BY_FOREIGN_PROCESS,
                severity,
                message,
                claim.location,
                port=claim.port,
                related=(_wants(claim), *_held_by(claim, holders), _way_out(claim, holders)),
                fixes=_advice(holders),
                claim=claim,
            )
        ]

    # ---- a connect target reaches someone else ----------------------------------------------------

    def _reached(self, claim: Claim) -> list[Finding]:
        found = reached(claim, self.by_port[claim.port], self.snapshot)
        if found is None:
            return []  # nobody answers: refused, which the client reports itself
        address, answering = found
        if self.ours(answering):
            return []
        intended = [l for l in self.by_port[claim.port] if l is not answering and self.ours(l)]  # noqa: E741
        target = clip(claim.target or f"{claim.host}:{claim.port}", 60)
        backends = bounded_related(
            self._listening_on(claim.port),
            lambda c: f"{c.service} listens on port {c.port}: {c.origin}",
            f"port {claim.port}",
        )
        fixes = _advice([answering])
        if intended and claim.host.lower() == "localhost":
            fixes = (*_retarget(claim, intended[0]), *fixes)
            message = (
                f"`localhost` resolves first to {address}, where {who(answering)} holds port {claim.port}; this "
                f"workspace's server is on {addresses(intended[:1])}. Way out: target {_literal(intended[0], claim)}."
            )
            code = codes.LOCALHOST_RESOLVES_ELSEWHERE
            notes = (
                Related(claim.location, f"{target}: {claim.origin}; the proxy never falls back to another address"),
                *_held_by(claim, [answering]),
                Related(claim.location, f"This workspace's server listens on {addresses(intended)}"),
            )
        else:
            message = (
                f"{target} reaches {who(answering)}, not a server of this workspace. "
                f"Way out: {short_way_out([answering], 'move the backend to a free port')}."
            )
            code = codes.PORT_HELD_BY_FOREIGN_PROCESS
            notes = (Related(claim.location, f"{target}: {claim.origin}"), *_held_by(claim, [answering]))
        return [
            Finding(
                code,
                Severity.ERROR,
                message,
                claim.location,
                port=claim.port,
                related=(*notes, _way_out(claim, [answering], "move the backend to a free port"), *backends),
                fixes=fixes,
                claim=claim,
            )
        ]

    # ---- two processes share one port -------------------------------------------------------------

    def _split(self, claim: Claim) -> list[Finding]:
        owners = self._owners_met(claim)
        if len(owners) < 2:
            return []
        foreign = [group[0] for group in owners if not self.ours(group[0])]
        listeners = [listener for group in owners for listener in group]
        names = ", ".join(who(group[0]) for group in owners[:2])
        more = f" and {len(owners) - 2} more" if len(owners) > 2 else ""
        way = short_way_out(foreign) if foreign else "stop all but one of them"
        return [
            Finding(
                codes.PORT_SPLIT_BETWEEN_LISTENERS,
                Severity.ERROR if foreign else Severity.WARNING,
                f"Port {claim.port} is split between {names}{more}, so it works only sometimes. Way out: {way}.",
                claim.location,
                port=claim.port,
                related=(
                    _wants(claim),
                    *_held_by(claim, listeners),
                    Related(
                        claim.location,
                        "Connections go to one or the other by address family, or at the kernel's choice "
                        "(SO_REUSEPORT)",
                    ),
                    *((_way_out(claim, foreign),) if foreign else ()),
                ),
                fixes=_advice(foreign),
                claim=claim,
            )
        ]

    def _owners_met(self, claim: Claim) -> list[list[Listener]]:
        """The processes a claim meets on its port. A server binding it meets all of them; a client connects to
        one address and meets the socket there, shared only by SO_REUSEPORT siblings (127.0.0.1 reaches the
        backend whoever holds ::1; a remote target meets nobody here)."""
        if claim.role is Role.CONNECT:
            found = reached(claim, self.by_port[claim.port], self.snapshot)
            if found is None:
                return []
            return _distinct_owners([other for other in self.by_port[claim.port] if other.socket == found[1].socket])
        if claim.port not in self._owners:  # many claims may share a port: group its listeners once
            self._owners[claim.port] = _distinct_owners(self.by_port[claim.port])
        return self._owners[claim.port]


def _distinct_owners(listeners: list[Listener]) -> list[list[Listener]]:
    """Listeners grouped by owning process. A parent and child that hold the same sockets (Werkzeug's
    reloader passes its socket to the child) are one owner, not a split."""
    groups: dict[object, list[Listener]] = defaultdict(list)
    for listener in listeners:
        key: object = listener.process.pid if listener.process else ("unknown", listener.socket)
        groups[key].append(listener)
    owners = list(groups.values())
    merged: list[list[Listener]] = []
    for group in owners:
        sockets = {listener.socket for listener in group}
        process = group[0].process
        twin = next(
            (
                m
                for m in merged
                if {listener.socket for listener in m} == sockets
                and process is not None
                and m[0].process is not None
                and (process.ppid == m[0].process.pid or m[0].process.ppid == process.pid)
            ),
            None,
        )
        if twin is None:
            merged.append(group)
    return merged


def _more(holders: Sequence[Listener]) -> str:
    others = len(by_process(holders)) - 1
    return f" and {others} more" if others > 0 else ""


def _effect(claim: Claim) -> str:
    """What the tool does about the taken port, in a few words."""
    service = clip(claim.service, 48)
    action = claim.when_taken.action
    if action is Taken.MOVES_UP or action is Taken.RANDOM:
        return f"{claim.when_taken.by} moves {service} to another port"
    if action is Taken.ASKS:
        return f"{claim.when_taken.by} asks for another port for {service}"
    return f"{service} fails to start"


def _wants(claim: Claim) -> Related:
    return Related(claim.location, f"{claim.service} wants port {claim.port}: {claim.origin}")


def _held_by(claim: Claim, listeners: Sequence[Listener]) -> list[Related]:
    """One note per holding process, with every address it holds."""
    return [
        Related(claim.location, f"Held by {identity(group[0])}, on {addresses(group)}")
        for group in by_process(listeners)
    ]


def _way_out(claim: Claim, holders: Sequence[Listener], move: str = "move this service to a free port") -> Related:
    return Related(claim.location, f"Way out: {way_out(holders, move)}")


def _literal_host(listener: Listener) -> str:
    """The listener's address as a URL writes it; a wildcard's as 127.0.0.1."""
    return bracket("127.0.0.1" if listener.address in ("0.0.0.0", "::") else listener.address)


def _literal(listener: Listener, claim: Claim) -> str:
    scheme = (claim.target or "http://").split("://", 1)[0]
    return f"{scheme}://{_literal_host(listener)}:{claim.port}"


def _retarget(claim: Claim, ours: Listener) -> tuple[Fix, ...]:
    """The message's way out as an edit: the URL's host written as the address our server listens on."""
    if claim.host_location is None:
        return ()
    edit = TextEdit(claim.host_location.file, claim.host_location.range, _literal_host(ours))
    return (Fix(f"Target {_literal(ours, claim)}", (edit,), preferred=True),)


def _advice(holders: Sequence[Listener]) -> tuple[Fix, ...]:
    if any(is_airplay(h) for h in holders):
        return (Fix(AIRPLAY_FIX),)
    return ()
