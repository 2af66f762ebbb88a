"""The "switch to free port N" fix: the pure edit builder in the core, a real bind test for N."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .check import Report
from .core import codes
from .core.free_port import choose_free_port
from .core.model import Claim, Finding, Fix, Role
from .core.port_switch import switch_port_edits

# Findings about a port a service listens on, for which moving the service is a way out.
SWITCHABLE = frozenset(
    {
        codes.PORT_HELD_BY_FOREIGN_PROCESS,
        codes.PORT_SPLIT_BETWEEN_LISTENERS,
        codes.PORT_CLAIMED_TWICE,
        codes.BROWSER_RESTRICTED_PORT,
    }
)


def with_port_switches(report: Report, is_free: Callable[[int], bool] | None = None) -> Report:
    """The report with a preferred "Switch to free port N" fix on every finding it applies to."""
    if is_free is None:
        from .system.bind import is_free as bind_test

        is_free = bind_test
    claimed = {c.port for c in report.claims}
    chosen: dict[int, int | None] = {}  # one bind search per port per report
    findings = []
    for finding in report.findings:
        claim = _listen_claim(finding, report.claims)
        if claim is None or finding.code not in SWITCHABLE:
            findings.append(finding)
            continue
        if claim.port not in chosen:
            chosen[claim.port] = choose_free_port(claim.port, claimed, is_free)
        new_port = chosen[claim.port]
        edits = switch_port_edits(claim, report.claims, new_port) if new_port is not None else ()
        if not edits or new_port is None:
            findings.append(finding)
            continue
        fix = Fix(f"Switch to free port {new_port}", edits, preferred=True)
        others = tuple(replace(f, preferred=False) for f in finding.fixes)
        findings.append(replace(finding, fixes=(fix, *others)))
    return replace(report, findings=findings)


def _listen_claim(finding: Finding, claims: list[Claim]) -> Claim | None:
    return next(
        (c for c in claims if c.role is Role.LISTEN and c.port == finding.port and c.location == finding.location),
        None,
    )
