"""What `list_ports`, `check` and `who_holds` answer: the report the CLI and the editor read, as plain data.

The shapes are the JSON report's (README: "JSON output"): a claim, a listener and a finding look the same
here, so an agent and a script read one format. Holders are spelled out in full where the JSON report gives
pids, with the way out the findings give.
"""

from __future__ import annotations

from typing import Any

from ..core.holders import describe, way_out
from ..core.model import Claim, Listener
from ..core.report import Report
from ..output.json_report import claim_dict, finding_dict, listener_dict

NEVER_KILLS = "portlint never stops or signals a process; switch this service to a free port with free_port instead"


def ports_answer(report: Report) -> dict[str, Any]:
    """Every claim of the workspace, by port, with who holds its port now and whether that is ours."""
    claims = sorted(report.claims, key=lambda c: (c.port, c.service))
    return {**_header(report), "ports": [_claim_answer(claim, report) for claim in claims]}


def check_answer(report: Report) -> dict[str, Any]:
    """The findings, with every fix (the preferred "Switch to free port N" first where it applies)."""
    return {**_header(report), "findings": [finding_dict(finding, report) for finding in report.findings]}


def holders_answer(report: Report, port: int) -> dict[str, Any]:
    """Who listens on `port` on any address, ours or foreign, and the way out when one is foreign."""
    listeners = [listener for listener in report.snapshot.listeners if listener.port == port] if report.snapshot else []
    foreign = [listener for listener in listeners if not report.is_ours(listener)]
    wanted_by = [c for c in report.claims if c.port == port]
    return {
        **_header(report),
        "port": port,
        "free": report.live and not listeners,
        "holders": [holder_answer(listener, report) for listener in listeners],
        "wantedBy": [_wanted_by(claim, report) for claim in wanted_by],
        "wayOut": (way_out(foreign) + "; " + NEVER_KILLS) if foreign else None,
    }


def holder_answer(listener: Listener, report: Report) -> dict[str, Any]:
    """A listener as the JSON report gives it, plus who it is in words."""
    return {**listener_dict(listener, report), "description": describe(listener)}


def _claim_answer(claim: Claim, report: Report) -> dict[str, Any]:
    answer = claim_dict(claim, report)
    answer["holders"] = [holder_answer(h.listener, report) for h in report.holders_of(claim)]
    return answer


def _wanted_by(claim: Claim, report: Report) -> dict[str, Any]:
    answer = claim_dict(claim, report)
    del answer["holders"]
    return answer


def _header(report: Report) -> dict[str, Any]:
    return {"root": report.root, "live": report.live}
