"""The port map the editor shows (`portlint.showPortMap`, `portlint.recheck`) and its status item reads:
per workspace folder, every reported claim with its holders and the report's ours/foreign decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..check import Report
from ..core.model import Severity
from .json_report import claim_dict, listener_dict

VERSION = 1


def port_map(reports: Mapping[str, Report]) -> dict[str, Any]:
    return {"version": VERSION, "folders": [folder_map(root, report) for root, report in reports.items()]}


def folder_map(root: str, report: Report) -> dict[str, Any]:
    claims = [claim_dict(c, report) for c in report.claims]
    held = {pid for claim in claims for pid in claim["holders"]}
    listeners = report.snapshot.listeners if report.snapshot else ()
    return {
        "root": root,
        "live": report.live,
        "claims": claims,
        "listeners": [
            listener_dict(listener, report)
            for listener in listeners
            if listener.process is not None and listener.process.pid in held
        ],
        "problems": sum(1 for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)),
    }
