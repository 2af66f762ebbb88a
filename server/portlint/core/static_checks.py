"""Findings that need only the configs: unreadable files, restricted ports, double claims, proxy targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from . import codes
from .addresses import bind_addresses, collides, family_of, is_local_target
from .model import (
    Claim,
    ConfigProblem,
    Finding,
    Fix,
    Part,
    Related,
    Role,
    Severity,
    Snapshot,
    Socket,
    Taken,
    TextEdit,
)
from .paths import relative
from .restricted import BROWSER_RESTRICTED_PORTS


def unreadable(problems: Iterable[ConfigProblem], root: str) -> list[Finding]:
    return [
        Finding(
            codes.CONFIG_UNREADABLE,
            Severity.ERROR,
            f"{relative(p.location.file, root)} could not be read: {p.reason}. The ports it names are not checked; "
            "everything else is.",
            p.location,
        )
        for p in problems
    ]


def restricted(claims: Iterable[Claim]) -> list[Finding]:
    return [
        Finding(
            codes.BROWSER_RESTRICTED_PORT,
            Severity.ERROR,
            f"Port {c.port} ({c.service}) is on the browsers' list of unsafe ports: Chrome and Firefox refuse to "
            f"open it (ERR_UNSAFE_PORT) although the server starts. Way out: move this service to another port.",
            c.location,
            port=c.port,
            claim=c,
        )
        for c in claims
        if c.role is Role.LISTEN and c.port in BROWSER_RESTRICTED_PORTS
    ]


# A port wanted by thousands of claims (2000 folders with an empty `.flaskenv`) must cost linear time and
# output: each finding names a few of the others and points at a bounded number of them.
RELATED_LIMIT = 10
NAMES_LIMIT = 3


def claimed_twice(claims: Sequence[Claim], snapshot: Snapshot) -> list[Finding]:
    by_port: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.role is Role.LISTEN and claim.port != 0:
            by_port[claim.port].append(claim)
    findings: list[Finding] = []
    for port, group in by_port.items():
        for claim, others in _rivals(port, group, snapshot):
            mover = claim if claim.movable else others.mover(claim.service)
            movable = mover is not None
            names = others.names(claim.service)
            consequence = _second_start(claim, others, mover)
            findings.append(
                Finding(
                    codes.PORT_CLAIMED_TWICE,
                    Severity.WARNING if movable else Severity.ERROR,
                    f"Port {port} is wanted by {claim.service} ({claim.origin}) and by {names}: {consequence}. "
                    f"Way out: give one of them another port.",
                    claim.location,
                    port=port,
                    related=others.related(claim.service, port),
                    claim=claim,
                )
            )
    return _one_per_place(findings)


class _Rivals:
    """The claims of one port that collide with some bind addresses, by service (in the order met), so each
    claim's "the others" is read in bounded time."""

    def __init__(self) -> None:
        self.by_service: dict[str, list[Claim]] = {}
        self.total = 0
        self.movable_by_service: dict[str, int] = defaultdict(int)
        self.movable_total = 0
        self.movers: dict[str, Claim] = {}  # the first movable claim of each service
        self.asking_by_service: dict[str, int] = defaultdict(int)
        self.asking_total = 0
        self._sorted_names: list[str] | None = None

    def add(self, claim: Claim) -> None:
        self.by_service.setdefault(claim.service, []).append(claim)
        self.total += 1
        if claim.movable:
            self.movable_by_service[claim.service] += 1
            self.movable_total += 1
            self.movers.setdefault(claim.service, claim)
        if claim.when_taken.action is Taken.ASKS:
            self.asking_by_service[claim.service] += 1
            self.asking_total += 1

    def count(self, own: str) -> int:
        return self.total - len(self.by_service.get(own, ()))

    def movable(self, own: str) -> bool:
        return self.movable_total - self.movable_by_service.get(own, 0) > 0

    def mover(self, own: str) -> Claim | None:
        """A claim of another service that moves by itself when its port is taken, if any."""
        if not self.movable(own):
            return None
        return next(claim for service, claim in self.movers.items() if service != own)

    def all_ask(self, own: str) -> bool:
        """Whether every other claim asks for another port when taken (two Angular dev servers)."""
        return self.asking_total - self.asking_by_service.get(own, 0) == self.count(own)

    def names(self, own: str) -> str:
        if self._sorted_names is None:
            self._sorted_names = sorted(self.by_service)
        services = len(self._sorted_names) - (own in self.by_service)
        shown = list(islice((s for s in self._sorted_names if s != own), NAMES_LIMIT))
        more = f" and {services - len(shown)} more" if services > len(shown) else ""
        return ", ".join(shown) + more

    def related(self, own: str, port: int) -> tuple[Related, ...]:
        others = (c for service, group in self.by_service.items() if service != own for c in group)
        return bounded_related(
            list(islice(others, RELATED_LIMIT + 1)),
            lambda o: f"{o.service} also wants port {port}: {o.origin}",
            f"port {port}",
            total=self.count(own),
        )


def bounded_related(
    claims: Sequence[Claim], say: Callable[[Claim], str], what: str, total: int | None = None
) -> tuple[Related, ...]:
    """At most RELATED_LIMIT related entries, then one "and N more" at the next claim's place. `total` is
    how many there are when `claims` holds only the first RELATED_LIMIT + 1 of them."""
    total = len(claims) if total is None else total
    if total <= RELATED_LIMIT:
        return tuple(Related(c.location, say(c)) for c in claims)
    rest = total - RELATED_LIMIT
    return (
        *(Related(c.location, say(c)) for c in claims[:RELATED_LIMIT]),
        Related(claims[RELATED_LIMIT].location, f"and {rest} more claims of {what} (`portlint ports` lists them all)"),
    )


def _rivals(port: int, group: Sequence[Claim], snapshot: Snapshot) -> Iterator[tuple[Claim, _Rivals]]:
    """Each claim with the claims of other services whose bind addresses collide with its own. Claims that
    bind the same addresses meet the same others, so the addresses are compared once per distinct set, not
    once per pair of claims."""
    kinds: dict[tuple[str, ...], list[Claim]] = {}
    for claim in group:
        kinds.setdefault(tuple(bind_addresses(claim, snapshot)), []).append(claim)
    kind_of = {id(claim): addresses for addresses, members in kinds.items() for claim in members}
    for addresses, members in kinds.items():
        meets = {other for other in kinds if _overlap(addresses, other, port, snapshot)}
        rivals = _Rivals()
        for claim in group:
            if kind_of[id(claim)] in meets:
                rivals.add(claim)
        for claim in members:
            if rivals.count(claim.service):
                yield claim, rivals


def proxy_mismatch(claims: Sequence[Claim]) -> list[Finding]:
    listens = [c for c in claims if c.role is Role.LISTEN]
    backends = [c for c in listens if c.part is Part.BACKEND] or [c for c in listens if c.part is Part.EMULATOR]
    listen_ports = {c.port for c in listens}
    findings = []
    for target in claims:
        if target.role is not Role.CONNECT or target.part is not Part.PROXY or not is_local_target(target.host):
            continue  # a browser's base URL may name any local service, not only this workspace's backends
        if target.port in listen_ports or not backends:
            continue
        ports = sorted({b.port for b in backends})
        where = "; ".join(f"{b.service} on {b.port} ({b.origin})" for b in backends[:3])
        fixes: tuple[Fix, ...] = ()
        if len(ports) == 1 and target.explicit:
            fixes = (
                Fix(
                    f"Point the proxy at port {ports[0]}",
                    (TextEdit(target.location.file, target.location.range, str(ports[0])),),
                    preferred=True,
                ),
            )
        findings.append(
            Finding(
                codes.PROXY_TARGET_MISMATCH,
                Severity.WARNING,
                f"Proxy target {target.target or target.port} ({target.origin}) points at port {target.port}, "
                f"where no service of this workspace listens; the backend listens elsewhere: {where}. "
                f"Way out: point the proxy at the backend's port.",
                target.location,
                port=target.port,
                related=tuple(Related(b.location, f"{b.service} listens on {b.port}") for b in backends[:3]),
                fixes=fixes,
                claim=target,
            )
        )
    return findings


def _second_start(claim: Claim, others: _Rivals, mover: Claim | None) -> str:
    """What happens to whichever starts second, in the words of the tools involved."""
    if mover is not None:
        return (
            f"{mover.when_taken.by} moves {mover.service} to the next free port when it starts second, so the "
            "port depends on start order"
        )
    if claim.when_taken.action is Taken.ASKS and others.all_ask(claim.service):
        return f"whichever starts second: {claim.when_taken.by} asks for another port, and fails without a terminal"
    return "whichever starts second fails with 'address already in use'"


def _overlap(addresses: tuple[str, ...], others: tuple[str, ...], port: int, snapshot: Snapshot) -> bool:
    """Whether two sets of bind addresses on one port collide (a wildcard collides with its family)."""
    for address in addresses:
        for other in others:
            if collides(Socket(other, port, family_of(other)), address, snapshot):
                return True
    return False


def _one_per_place(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, object]] = set()
    unique = []
    for finding in findings:
        key = (finding.code, finding.location)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
