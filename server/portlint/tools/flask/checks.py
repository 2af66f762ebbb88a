"""What only Flask can judge from its own facts: its CORS answers (cors_checks.py), and the runners whose
port only the running program knows."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.codes import PORT_DECIDED_AT_RUN_TIME
from ...core.model import Claim, Finding, Severity
from ...core.paths import relative
from .cors_checks import cors_findings
from .services import Services


def flask_findings(facts: Sequence[object], claims: Sequence[Claim], root: str) -> list[Finding]:
    return cors_findings(facts, claims, root) + run_time_ports(facts, root)


def run_time_ports(facts: Sequence[object], root: str) -> list[Finding]:
    """An information on each `python file.py` runner whose port is decided at run time (`args.port`), so
    the port map explains why that app has no port."""
    findings: list[Finding] = []
    for app in Services(facts, root).apps:  # not tests, and runners only of the workspace's apps
        for run in app.runs:
            if run.port_at_run_time and not run.in_cli_command:
                findings.append(
                    Finding(
                        PORT_DECIDED_AT_RUN_TIME,
                        Severity.INFORMATION,
                        f"Port decided at run time: {run.runner}() in {relative(app.file, root)} takes its port "
                        "from a value only the running program knows, so portlint checks no port for it.",
                        run.location,
                    )
                )
    return findings
