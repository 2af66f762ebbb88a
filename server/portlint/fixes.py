"""The "switch to free port N" fix: the pure edit builder in the core, a real bind test for N.

Applied when the report is built (`check.build_report`), so the CLI's JSON and SARIF carry the same fix
the editor offers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from .core import codes
from .core.free_port import choose_free_port
from .core.model import Claim, Finding, Fix, PortRange, Role
from .core.port_switch import PortSwitches

# Findings about a port a service listens on, for which moving the service is a way out.
SWITCHABLE = frozenset(
    {
        codes.PORT_HELD_BY_FOREIGN_PROCESS,
        codes.PORT_SPLIT_BETWEEN_LISTENERS,
        codes.PORT_CLAIMED_TWICE,
        codes.BROWSER_RESTRICTED_PORT,
        codes.PORT_RESERVED_BY_SYSTEM,
    }
)


def with_port_switches(
    findings: Sequence[Finding],
    claims: Sequence[Claim],
    claimed: Collection[int],
    is_free: Callable[[int], bool] | None = None,
    reserved: Sequence[PortRange] = (),
) -> list[Finding]:
    """The findings with a preferred "Switch to free port N" fix on every one it applies to. `claimed` are
    the ports any config names (ignored ones included): a fix never moves a service onto one of them, nor
    into a `reserved` range (the snapshot's: Windows' excluded ports)."""
    if is_free is None:
        from .system.bind import is_free as bind_test

        is_free = bind_test
    switches = PortSwitches(claims)
    chosen: dict[int, int | None] = {}  # one bind search per port per report
    result = []
    for finding in findings:
        claim = finding.claim
        if claim is None or claim.role is not Role.LISTEN or finding.code not in SWITCHABLE:
            result.append(finding)
            continue
        if claim.port not in chosen:
            chosen[claim.port] = choose_free_port(claim.port, claimed, is_free, reserved)
        new_port = chosen[claim.port]
        edits = switches.edits(claim, new_port) if new_port is not None else ()
        if not edits or new_port is None:
            result.append(finding)
            continue
        fix = Fix(f"Switch to free port {new_port}", edits, preferred=True)
        others = tuple(replace(f, preferred=False) for f in finding.fixes)
        result.append(replace(finding, fixes=(fix, *others)))
    return result
