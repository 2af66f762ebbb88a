"""Keeps pytest out of the layout folders (they hold workspaces, some with their own conftest.py and tests)
and prints the suite's figures after a run that checked layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from .figures import figures
from .record import OUTCOMES

collect_ignore = [p.name for p in Path(__file__).parent.iterdir() if p.is_dir()]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if OUTCOMES:
        terminalreporter.section("realistic layouts (issue 11)")
        for line in figures(OUTCOMES).lines():
            terminalreporter.write_line(line)
