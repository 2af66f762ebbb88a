"""Pieces every renderer shares: ranges as plain data, and who holds a claim's port now."""

from __future__ import annotations

from ..check import Report
from ..core.holders import is_ours
from ..core.model import Claim, Listener, Range, Settings
from ..core.paths import relative
from ..core.reach import holders


def range_dict(range_: Range) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def rel(report: Report, path: str) -> str:
    return relative(path, report.root)


def holders_of(claim: Claim, report: Report) -> list[Listener]:
    """The listeners in the way of a listen claim, or the one a connect claim reaches."""
    return holders(claim, report.snapshot)


def ours(listener: Listener, report: Report, settings: Settings | None = None) -> bool:
    return is_ours(listener.process, report.root, settings or Settings())
