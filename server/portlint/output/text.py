"""Compiler-style text: `file:line:col: severity code: message`, colour only on a terminal. Everything taken
from the workspace is escaped (`printable`): one finding is one line, and no byte of a config reaches the
terminal as a control."""

from __future__ import annotations

from collections import Counter

from ..check import Report
from ..core.model import Severity
from .common import rel
from .safe import printable

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFORMATION: "36", Severity.HINT: "2"}


def render_text(report: Report, colour: bool) -> str:
    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    lines = []
    for finding in report.findings:
        start = finding.location.range.start
        place = f"{printable(rel(report, finding.location.file))}:{start.line + 1}:{start.character + 1}"
        severity = paint(_COLOURS[finding.severity], finding.severity.value)
        lines.append(f"{paint('1', place)}: {severity} {finding.code}: {printable(finding.message)}")
        for related in finding.related:
            at = related.location.range.start
            where = f"{printable(rel(report, related.location.file))}:{at.line + 1}:{at.character + 1}"
            lines.append(f"  {where}: note: {printable(related.message)}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    counts = Counter(f.severity for f in report.findings)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]]
    found = ", ".join(parts) if parts else "no problems"
    ports = len({c.port for c in report.claims})
    seen = (
        f"{len(report.snapshot.listeners)} listening sockets seen"
        if report.snapshot is not None
        else "listeners not checked (--no-live)"
    )
    return f"portlint: {found} — {len(report.claims)} claims on {ports} ports, {seen}"
