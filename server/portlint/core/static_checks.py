"""Findings that need only the configs: unreadable files, restricted ports, double claims (proxy targets:
`proxy_checks.py`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from . import codes
from .addresses import bind_addresses, collides, family_of
from .holders import clip
from .model import (
    Claim,
    ConfigProblem,
    Finding,
    Related,
    Role,
    Severity,
    Snapshot,
    Socket,
    Taken,
)
from .paths import relative
from .restricted import BROWSER_RESTRICTED_PORTS
from .stacks import Stacks


def unreadable(problems: Iterable[ConfigProblem], root: str) -> list[Finding]:
    return [
        Finding(
            codes.CONFIG_UNREADABLE,
            Severity.ERROR,
            f"{clip(relative(p.location.file, root), 60)} could not be read: {clip(p.reason, 80)}. Its ports are not "
            "checked; everything else is.",
            p.location,
        )
        for p in problems
    ]


def restricted(claims: Iterable[Claim]) -> list[Finding]:
    return [
        Finding(
            codes.BROWSER_RESTRICTED_PORT,
            Severity.ERROR,
            f"Port {c.port} is on the browsers' unsafe list: Chrome and Firefox refuse it (ERR_UNSAFE_PORT) although "
            f"{clip(c.service, 40)} starts. Way out: move it to another port.",
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


def claimed_twice(claims: Sequence[Claim], snapshot: Snapshot, stacks: Stacks | None = None) -> list[Finding]:
    """Within a stack (ways of starting that run together: `core/stacks.py`) two services on one port clash;
    across stacks it is an information: a clash only if they are run together after all."""
    stacks = stacks or Stacks(claims)
    by_port: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.role is Role.LISTEN and claim.port != 0:
            by_port[claim.port].append(claim)
    findings: list[Finding] = []
    for port, group in by_port.items():
        group = _one_mode_per_app(group)
        by_stack: dict[int, list[Claim]] = defaultdict(list)
        for claim in group:
            by_stack[stacks.of(claim)].append(claim)
        for members in by_stack.values():
            findings += (_clash(port, claim, others) for claim, others in _rivals(port, members, snapshot))
        if len(by_stack) > 1:  # after the clashes: a place with a clash keeps it (`_one_per_place`)
            findings += (_apart(port, claim, others) for claim, others in _rivals(port, group, snapshot))
    return _one_per_place(findings)


def _one_mode_per_app(group: list[Claim]) -> list[Claim]:
    """Claims of one app in several modes (`next dev`, `next start`) are alternatives: the first speaks for it."""
    apps: set[str] = set()
    kept: list[Claim] = []
    for claim in group:
        if claim.app and claim.app in apps:
            continue
        apps.add(claim.app)
        kept.append(claim)
    return kept


def _clash(port: int, claim: Claim, others: _Rivals) -> Finding:
    mover = claim if claim.movable else others.mover(claim.service)
    consequence = _second_start(claim, others, mover)
    return Finding(
        codes.PORT_CLAIMED_TWICE,
        Severity.WARNING if mover is not None else Severity.ERROR,
        f"Port {port} is wanted by {clip(claim.service, 28)} and by {_short_names(others.names(claim.service))}: "
        f"{consequence}. Way out: give one another port.",
        claim.location,
        port=port,
        related=others.related(claim.service, port),
        claim=claim,
    )


def _apart(port: int, claim: Claim, others: _Rivals) -> Finding:
    """Services of different stacks on one port: nothing shows they run together."""
    where = "other projects" if others.services(claim.service) > 1 else "another project"
    return Finding(
        codes.PORT_CLAIMED_TWICE,
        Severity.INFORMATION,
        f"Port {port} is also wanted by {_short_names(others.names(claim.service))}, in {where}: a clash only if "
        "they run together.",
        claim.location,
        port=port,
        related=others.related(claim.service, port),
    )


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

    def services(self, own: str) -> int:
        """How many other services there are."""
        return len(self.by_service) - (own in self.by_service)

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


def _second_start(claim: Claim, others: _Rivals, mover: Claim | None) -> str:
    """What happens to whichever starts second, in the words of the tools involved."""
    if mover is not None:
        return f"{mover.when_taken.by} moves {clip(mover.service, 28)} up if it starts second"
    if claim.when_taken.action is Taken.ASKS and others.all_ask(claim.service):
        return f"{claim.when_taken.by} asks the second for a port, fails without a terminal"
    return "the second to start fails: 'address already in use'"


def _short_names(names: str, limit: int = 48) -> str:
    """The other services' names for a message: clipped, but keeping a trailing "and N more"."""
    if len(names) <= limit:
        return names
    listed, more, count = names.rpartition(" and ")
    if not more or not count.endswith(" more"):
        return clip(names, limit)
    tail = f" and {count}"
    return clip(listed, limit - len(tail)) + tail


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
