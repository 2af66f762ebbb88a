"""Findings that need only the configs: unreadable files, restricted ports, double claims, proxy targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

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
        )
        for c in claims
        if c.role is Role.LISTEN and c.port in BROWSER_RESTRICTED_PORTS
    ]


def claimed_twice(claims: Sequence[Claim], snapshot: Snapshot) -> list[Finding]:
    by_port: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.role is Role.LISTEN and claim.port != 0:
            by_port[claim.port].append(claim)
    findings: list[Finding] = []
    for port, group in by_port.items():
        for claim in group:
            others = [o for o in group if o.service != claim.service and _overlap(claim, o, snapshot)]
            if not others:
                continue
            mover = next((c for c in (claim, *others) if c.movable), None)
            movable = mover is not None
            names = ", ".join(sorted({o.service for o in others}))
            consequence = _second_start(claim, others, mover)
            findings.append(
                Finding(
                    codes.PORT_CLAIMED_TWICE,
                    Severity.WARNING if movable else Severity.ERROR,
                    f"Port {port} is wanted by {claim.service} ({claim.origin}) and by {names}: {consequence}. "
                    f"Way out: give one of them another port.",
                    claim.location,
                    port=port,
                    related=tuple(
                        Related(o.location, f"{o.service} also wants port {port}: {o.origin}") for o in others
                    ),
                )
            )
    return _one_per_place(findings)


def proxy_mismatch(claims: Sequence[Claim]) -> list[Finding]:
    listens = [c for c in claims if c.role is Role.LISTEN]
    backends = [c for c in listens if c.part is Part.BACKEND] or [c for c in listens if c.part is Part.EMULATOR]
    findings = []
    for target in claims:
        if target.role is not Role.CONNECT or not is_local_target(target.host):
            continue
        if any(c.port == target.port for c in listens) or not backends:
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
            )
        )
    return findings


def _second_start(claim: Claim, others: Sequence[Claim], mover: Claim | None) -> str:
    """What happens to whichever starts second, in the words of the tools involved."""
    if mover is not None:
        return (
            f"{mover.when_taken.by} moves {mover.service} to the next free port when it starts second, so the "
            "port depends on start order"
        )
    askers = [c for c in (claim, *others) if c.when_taken.action is Taken.ASKS]
    if askers and len(askers) == len(others) + 1:
        return f"whichever starts second: {askers[0].when_taken.by} asks for another port, and fails without a terminal"
    return "whichever starts second fails with 'address already in use'"


def _overlap(a: Claim, b: Claim, snapshot: Snapshot) -> bool:
    """Whether the two claims' bind addresses collide (a wildcard collides with its family)."""
    for address in bind_addresses(a, snapshot):
        for other in bind_addresses(b, snapshot):
            if collides(Socket(other, b.port, family_of(other)), address, snapshot):
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
