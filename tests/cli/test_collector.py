"""The cycle collector around a command: the `portlint` program collects rarely during a scan (its objects live
until it ends) and skips them at exit; a command run inside another process leaves its collector alone."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from portlint.cli import main

DEMO = Path(__file__).resolve().parents[2] / "examples" / "airplay-5000"

# Runs `python -m portlint check` as the program does (runpy, as `-m` does), and says how the collector was
# set while the report was built, and whether anything was frozen before the exit.
PROGRAM = f"""
import atexit, gc, runpy, sys
import portlint.check as check
built = check.build_report
def build_report(*args, **kwargs):
    print("during", gc.get_threshold(), file=sys.stderr)
    return built(*args, **kwargs)
check.build_report = build_report
atexit.register(lambda: print("frozen at exit", gc.get_freeze_count() > 0, file=sys.stderr))
sys.argv = ["portlint", "check", "--no-live", {str(DEMO)!r}]
runpy.run_module("portlint", run_name="__main__")
"""


def test_the_program_collects_rarely_while_it_checks() -> None:
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "5000" in result.stdout  # the demo's report
    assert "during (200000, 30, 30)" in result.stderr
    assert "frozen at exit True" in result.stderr


def test_a_command_run_in_this_process_leaves_the_collector_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    assert main(["check", "--no-live", str(DEMO)]) == 0
    assert "5000" in capsys.readouterr().out
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
