"""`port-may-drift`: a server that moves to another port by itself when its own is taken, while another
file hard-codes that port as where to connect. Pure: claims in, findings out.

Which servers move, and how to keep one in place, is each claim's data (`when_taken`, `pin`): Vite without
strictPort, a firebase emulator without a port, ... The check never asks which tool a claim is from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from . import codes
from .addresses import is_local_target
from .holders import clip
from .model import Claim, Finding, Fix, Role, Severity
from .static_checks import bounded_related

_PORT_PLACEHOLDER = re.compile(r"\bN\b")


def port_may_drift(claims: Sequence[Claim]) -> list[Finding]:
    pointing: dict[int, list[Claim]] = defaultdict(list)
    fixed: dict[int, set[str]] = defaultdict(set)  # services that stay on a port whatever happens
    for claim in claims:
        if claim.role is Role.CONNECT and claim.explicit and is_local_target(claim.host):
            pointing[claim.port].append(claim)
        elif claim.role is Role.LISTEN and not claim.movable:
            fixed[claim.port].add(claim.service)
    findings: list[Finding] = []
    seen: set[object] = set()
    for claim in claims:
        if claim.role is not Role.LISTEN or not claim.movable or claim.port == 0 or claim.location in seen:
            continue
        targets = [t for t in pointing.get(claim.port, ()) if t.service != claim.service]
        if not targets or fixed.get(claim.port, set()) - {claim.service}:
            continue  # a server that never moves shares the port: the target means that one
        seen.add(claim.location)
        findings.append(_finding(claim, targets))
    return findings


def _finding(claim: Claim, targets: list[Claim]) -> Finding:
    port = claim.port
    says = _PORT_PLACEHOLDER.sub(str(port), claim.when_taken.says)
    first = targets[0]
    others = f" and {len(targets) - 1} more" if len(targets) > 1 else ""
    moves = f'{claim.service} wants port {port} ({claim.origin}); when it is taken {claim.when_taken.by} says "{says}"'
    return Finding(
        codes.PORT_MAY_DRIFT,
        Severity.WARNING,
        f"{clip(claim.service, 32)} moves off {port} if it is taken ({claim.when_taken.by}), while "
        f"{clip(str(first.target or port), 40)} ({clip(first.origin, 48)}){others} hard-codes it. "
        "Way out: make its port fixed.",
        claim.location,
        port=port,
        related=bounded_related(targets, lambda t: f"hard-codes port {port}: {t.origin}. {moves}", f"port {port}"),
        fixes=(Fix(claim.pin.title, claim.pin.edits, preferred=True),) if claim.pin else (),
        claim=claim,
    )
