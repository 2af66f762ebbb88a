"""The versioned JSON report (documented in the README: "JSON output")."""

from __future__ import annotations

from typing import Any

from ..check import Report
from ..core.addresses import is_local_target
from ..core.model import Claim, Finding, Listener, Role
from .common import range_dict, rel
from .safe import dump_json

VERSION = 1


def report_dict(report: Report) -> dict[str, Any]:
    listeners = report.snapshot.listeners if report.snapshot else ()
    return {
        "version": VERSION,
        "root": report.root,
        "live": report.snapshot is not None,
        "claims": [claim_dict(c, report) for c in report.claims],
        "listeners": [listener_dict(listener, report) for listener in listeners],
        "findings": [finding_dict(f, report) for f in report.findings],
    }


def render_json(report: Report) -> str:
    return dump_json(report_dict(report))


def claim_dict(claim: Claim, report: Report) -> dict[str, Any]:
    return {
        "service": claim.service,
        "tool": claim.tool,
        "role": claim.role.value,
        "host": claim.host,
        "port": claim.port,
        "explicit": claim.explicit,
        "movable": claim.movable,
        "file": rel(report, claim.location.file),
        "range": range_dict(claim.location.range),
        "origin": claim.origin,
        "target": claim.target,
        # A connect target on another machine: this machine's listeners say nothing about it.
        "remote": claim.role is Role.CONNECT and not is_local_target(claim.host),
        "holders": [h.listener.process.pid if h.listener.process else None for h in report.holders_of(claim)],
        "side": report.side(claim),
    }


def listener_dict(listener: Listener, report: Report) -> dict[str, Any]:
    process = listener.process
    return {
        "address": listener.address,
        "family": listener.family,
        "port": listener.port,
        "pid": process.pid if process else None,
        "process": process.name if process else None,
        "exe": process.exe if process else None,
        "cmdline": list(process.cmdline) if process else [],
        "cwd": process.cwd if process else None,
        "user": process.user if process else None,
        "started": process.started if process else None,
        "ours": report.is_ours(listener),
    }


def finding_dict(finding: Finding, report: Report) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": rel(report, finding.location.file),
        "range": range_dict(finding.location.range),
        "port": finding.port,
        "related": [
            {"file": rel(report, r.location.file), "range": range_dict(r.location.range), "message": r.message}
            for r in finding.related
        ],
        "fixes": [
            {
                "title": fix.title,
                "preferred": fix.preferred,
                "edits": [
                    {"file": rel(report, e.file), "range": range_dict(e.range), "newText": e.new_text}
                    for e in fix.edits
                ],
            }
            for fix in finding.fixes
        ],
    }
