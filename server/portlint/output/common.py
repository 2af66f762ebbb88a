"""Pieces every renderer shares: ranges as plain data, and paths relative to the root."""

from __future__ import annotations

from ..check import Report
from ..core.model import Range
from ..core.paths import relative


def range_dict(range_: Range) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def rel(report: Report, path: str) -> str:
    return relative(path, report.root)
