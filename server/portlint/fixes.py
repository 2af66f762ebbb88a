"""The "switch to free port N" fix: the pure edit builder in the core, a real bind test for N.

For a port a foreign process holds, the preferred fix moves every service of the workspace that wants that
port, each to its own free port, in one edit (defaults written out where the tool reads them), so applying
it once leaves nothing behind on the held port. Otherwise it moves the finding's own service. Never onto a
port a service that stays and moves by itself (a default firebase emulator) would drift onto.

Applied when the report is built (`check.build_report`), so the CLI's JSON and SARIF carry the same fix
the editor offers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence

from msgspec.structs import replace

from .core import codes
from .core.free_port import choose_free_ports, drift_targets
from .core.model import Claim, Finding, Fix, PortRange, Role, Severity
from .core.port_switch import PortSwitches, can_switch, merged

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
HELD = codes.PORT_HELD_BY_FOREIGN_PROCESS
TITLE_PORTS = 4  # a title lists the new ports of at most this many services


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
    planner = _Planner(findings, claims, claimed, is_free or _bind_test, reserved)
    result = []
    for finding in findings:
        fix = planner.fix_for(finding)
        if fix is None:
            result.append(finding)
            continue
        others = tuple(replace(f, preferred=False) for f in finding.fixes if f.title != fix.title)
        result.append(replace(finding, fixes=(fix, *others)))
    return result


def _bind_test(port: int) -> bool:
    """The real bind test, its sockets loaded only when a fix needs a free port."""
    from .system.bind import is_free

    return is_free(port)


def _held(finding: Finding) -> bool:
    """A foreign process holds the finding's port (a split is an error only when one of its holders is)."""
    if finding.code == codes.PORT_SPLIT_BETWEEN_LISTENERS:
        return finding.severity is Severity.ERROR
    return finding.code == HELD


class _Planner:
    """One plan per held port and one per (port, service), so every place of one cause offers the same fix
    and the bind test runs once per plan."""

    def __init__(
        self,
        findings: Sequence[Finding],
        claims: Sequence[Claim],
        claimed: Collection[int],
        is_free: Callable[[int], bool],
        reserved: Sequence[PortRange] = (),
    ) -> None:
        self.switches = PortSwitches(claims)
        self.claimed = claimed
        self.reserved = reserved
        self.is_free = functools.cache(is_free)  # one bind test per port per report
        # Per port, the first listen claim of each service: who wants it.
        self.wanting: dict[int, dict[str, Claim]] = {}
        for claim in claims:
            if claim.role is Role.LISTEN:
                self.wanting.setdefault(claim.port, {}).setdefault(claim.service, claim)
        # Per port, the services that move by themselves when it is taken.
        self.movers: dict[int, set[str]] = {}
        for port, services in self.wanting.items():
            movers = {service for service, claim in services.items() if claim.movable}
            if movers:
                self.movers[port] = movers
        # Per port a foreign process holds, the services it keeps from starting there.
        self.held: dict[int, dict[str, Claim]] = {}
        for finding in findings:
            about = finding.claim
            if _held(finding) and about is not None and about.role is Role.LISTEN:
                self.held.setdefault(about.port, {}).setdefault(about.service, about)
        self._plans: dict[object, Fix | None] = {}

    def fix_for(self, finding: Finding) -> Fix | None:
        claim = finding.claim
        if claim is None:
            return None
        held = self.held.get(claim.port, {})
        if held and (_held(finding) or (finding.code in SWITCHABLE and claim.service in held)):
            return self._plan(claim.port, lambda: self._move_all(claim.port, list(held.values())))
        if claim.role is Role.LISTEN and finding.code in SWITCHABLE:
            return self._plan((claim.port, claim.service), lambda: self._move_all(claim.port, [claim]))
        return None

    def _drift_targets(self, moved: set[str]) -> frozenset[int]:
        """The ports the services that move by themselves and stay on a taken port would start on instead. A
        port is taken when a foreign process holds it, a second service that stays wants it, or it is not
        free now."""
        avoid: set[int] = set()
        for port, movers in self.movers.items():
            if not movers - moved:
                continue
            staying = len(self.wanting[port]) - len(moved & self.wanting[port].keys())
            if port in self.held or staying > 1 or not self.is_free(port):
                avoid |= drift_targets(port, self.claimed, self.is_free)
        return frozenset(avoid)

    def _plan(self, key: object, make: Callable[[], Fix | None]) -> Fix | None:
        if key not in self._plans:
            self._plans[key] = make()
        return self._plans[key]

    def _move_all(self, port: int, wanted: list[Claim]) -> Fix | None:
        """Each of `wanted`'s services that an edit can move, to its own free port near `port`."""
        moving = [claim for claim in wanted if can_switch(claim)]
        if not moving:
            return None
        avoid = self._drift_targets(moved={claim.service for claim in moving})
        ports = choose_free_ports(port, len(moving), self.claimed, self.is_free, avoid, self.reserved)
        pairs = list(zip(moving, ports, strict=False))
        edits = merged(*(self.switches.edits(claim, new_port) for claim, new_port in pairs))
        if not edits:
            return None
        if len(pairs) == 1:
            return Fix(f"Switch to free port {pairs[0][1]}", edits, preferred=True)
        if len(pairs) == len(moving) and len(pairs) <= TITLE_PORTS:
            targets = ", ".join(str(new_port) for _, new_port in pairs)
            return Fix(f"Move every service off port {port} (to {targets})", edits, preferred=True)
        return Fix(f"Move {len(pairs)} services off port {port} to free ports", edits, preferred=True)
