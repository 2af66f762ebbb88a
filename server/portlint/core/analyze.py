"""The one entry point of the core: claims, config problems and a snapshot in; findings out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from msgspec.structs import replace

from .drift import port_may_drift
from .live_checks import LiveChecks
from .model import Claim, ConfigProblem, Finding, Listener, Settings, Snapshot
from .places import one_per_place, within_limit
from .proxy_checks import proxy_mismatch
from .report import claims_to_report
from .reserved import reserved_by_system
from .static_checks import claimed_twice, restricted, unreadable

# Used for the static checks when there is no snapshot (--no-live): the common resolver order.
NO_SNAPSHOT = Snapshot(listeners=())


def analyze(
    claims: Sequence[Claim],
    problems: Sequence[ConfigProblem],
    snapshot: Snapshot | None,
    root: str,
    settings: Settings | None = None,
    tool_findings: Sequence[Finding] = (),
    ours: Callable[[Listener], bool] | None = None,
    server_ports: Collection[int] = (),
) -> list[Finding]:
    """`tool_findings` are what the tools judged from their own facts (CORS): settings apply to them too.
    `ours` is the report's decision per listener (by default decided here, with the settings).
    `server_ports` are ports some file of the workspace names as a server's that no claim resolves."""
    settings = settings or Settings()
    claims = claims_to_report(claims, settings)  # a no-op on a report's claims, which are filtered already
    findings = unreadable(problems, root)
    findings += restricted(claims)
    findings += claimed_twice(claims, snapshot or NO_SNAPSHOT)
    findings += proxy_mismatch(claims, server_ports)
    findings += port_may_drift(claims)
    findings += tool_findings
    if snapshot is not None:
        findings += reserved_by_system(claims, snapshot)
        findings += LiveChecks(claims, snapshot, root, settings, ours).run()
    merged = one_per_place(sorted(_apply_severities(findings, settings), key=_order))
    return [within_limit(finding) for finding in merged]


def _apply_severities(findings: list[Finding], settings: Settings) -> list[Finding]:
    adjusted = []
    for finding in findings:
        if finding.code in settings.severities:
            severity = settings.severities[finding.code]
            if severity is None:
                continue
            finding = replace(finding, severity=severity)
        adjusted.append(finding)
    return adjusted


def _order(finding: Finding) -> tuple[str, int, int, str]:
    start = finding.location.range.start
    return (finding.location.file, start.line, start.character, finding.code)
