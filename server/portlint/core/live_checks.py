"""Findings that compare the claims with who really listens: foreign holders, split ports, localhost."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from . import codes
from .addresses import is_local_target
from .holders import AIRPLAY_FIX, bracket, describe, is_airplay, is_ours, vouched_by, way_out
from .model import Claim, Finding, Fix, Listener, Role, Settings, Severity, Snapshot
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
        if claim.movable:
            effect = f"{claim.when_taken.by} will start it on another port instead (upward from {claim.port})"
        else:
            effect = "the server cannot take it ('address already in use') or answers only on some addresses"
        return [
            Finding(
                codes.PORT_HELD_BY_FOREIGN_PROCESS,
                severity,
                f"Port {claim.port} ({claim.service}, {claim.origin}) is held by {_holders(holders)}: {effect}. "
                f"Way out: {way_out(holders)}.",
                claim.location,
                port=claim.port,
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
        target = claim.target or f"{claim.host}:{claim.port}"
        backends = bounded_related(
            self._listening_on(claim.port),
            lambda c: f"{c.service} listens on port {c.port}: {c.origin}",
            f"port {claim.port}",
        )
        if intended and claim.host.lower() == "localhost":
            message = (
                f"{target} ({claim.origin}): `localhost` resolves first to {address} on this machine, and port "
                f"{claim.port} there is held by {describe(answering)}, while this workspace's server listens on "
                f"{_addresses(intended)}. The proxy talks to the wrong process and never falls back. Way out: use "
                f"{_literal(intended[0], claim)} as the target, or {way_out([answering])}."
            )
            code = codes.LOCALHOST_RESOLVES_ELSEWHERE
        else:
            message = (
                f"{target} ({claim.origin}) reaches {describe(answering)}, not a server of this workspace. "
                f"Way out: {way_out([answering])}."
            )
            code = codes.PORT_HELD_BY_FOREIGN_PROCESS
        return [
            Finding(
                code,
                Severity.ERROR,
                message,
                claim.location,
                port=claim.port,
                related=backends,
                fixes=_advice([answering]),
                claim=claim,
            )
        ]

    # ---- two processes share one port -------------------------------------------------------------

    def _split(self, claim: Claim) -> list[Finding]:
        if claim.port not in self._owners:  # many claims may share a port: group its listeners once
            self._owners[claim.port] = _distinct_owners(self.by_port[claim.port])
        owners = self._owners[claim.port]
        if len(owners) < 2:
            return []
        foreign = [group[0] for group in owners if not self.ours(group[0])]
        listeners = [listener for group in owners for listener in group]
        return [
            Finding(
                codes.PORT_SPLIT_BETWEEN_LISTENERS,
                Severity.ERROR if foreign else Severity.WARNING,
                f"Port {claim.port} ({claim.service}, {claim.origin}) is split between {len(owners)} processes: "
                f"{_holders(listeners)}. Connections go to one or the other by address family or at the kernel's "
                f"choice, so it works only some of the time. Way out: "
                f"{way_out(foreign) if foreign else 'stop all but one of them'}.",
                claim.location,
                port=claim.port,
                fixes=_advice(foreign),
                claim=claim,
            )
        ]


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


def _holders(listeners: Sequence[Listener]) -> str:
    by_process: dict[object, list[Listener]] = defaultdict(list)
    for listener in listeners:
        by_process[listener.process.pid if listener.process else id(listener)].append(listener)
    texts = []
    for group in by_process.values():
        text = describe(group[0])
        extra = [f"{bracket(g.address)}:{g.port}" for g in group[1:]]
        texts.append(text + (f" (also on {', '.join(extra)})" if extra else ""))
    return "; ".join(texts)


def _addresses(listeners: Sequence[Listener]) -> str:
    return ", ".join(f"{bracket(listener.address)}:{listener.port}" for listener in listeners)


def _literal(listener: Listener, claim: Claim) -> str:
    address = "127.0.0.1" if listener.address in ("0.0.0.0", "::") else listener.address
    scheme = (claim.target or "http://").split("://", 1)[0]
    return f"{scheme}://{bracket(address)}:{claim.port}"


def _advice(holders: Sequence[Listener]) -> tuple[Fix, ...]:
    if any(is_airplay(h) for h in holders):
        return (Fix(AIRPLAY_FIX),)
    return ()
