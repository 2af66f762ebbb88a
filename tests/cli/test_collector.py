"""The end of a scan's objects: the `portlint` program collects rarely during a scan (its objects live until it
ends) and ends at once after it, once its output is out; a command run inside another process leaves its
collector alone."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portlint.cli import main

DEMO = Path(__file__).resolve().parents[2] / "examples" / "airplay-5000"

# Runs `python -m portlint COMMAND` as the program does (runpy, as `-m` does), and says how the collector was
# set while the report was built, and whether the interpreter's exit ran (atexit).
PROGRAM = """
import atexit, gc, runpy, sys
import portlint.check as check
built = check.build_report
def build_report(*args, **kwargs):
    print("during", gc.get_threshold(), file=sys.stderr)
    return built(*args, **kwargs)
check.build_report = build_report
atexit.register(lambda: print("the interpreter's exit ran", file=sys.stderr))
sys.argv = ["portlint", *sys.argv[1:]]
runpy.run_module("portlint", run_name="__main__")
"""


def _program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, timeout=60)


def test_a_check_collects_rarely_and_ends_at_once_with_all_its_output() -> None:
    result = _program("check", "--no-live", "--format", "json", str(DEMO))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # all of it written before the end (stdout is a pipe: buffered)
    assert any(claim["port"] == 5000 for claim in report["claims"])
    assert "during (200000, 30, 30)" in result.stderr
    assert "the interpreter's exit ran" not in result.stderr


def test_a_check_that_finds_errors_ends_at_once_with_its_exit_status() -> None:
    result = _program("check", "--no-live", "--fail-on", "warning", str(DEMO))
    assert result.returncode == 1, result.stderr
    assert "5000" in result.stdout
    assert "the interpreter's exit ran" not in result.stderr


def test_a_reader_that_goes_away_is_no_error(tmp_path: Path) -> None:
    # `portlint check | head -1`: the pipe closes before the report is out.
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "w") as closed:
        result = subprocess.run(
            [sys.executable, "-c", PROGRAM, "check", "--no-live", str(DEMO)],
            stdout=closed,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr


def test_other_commands_end_as_python_does() -> None:
    result = _program("--version")
    assert result.returncode == 0
    assert "the interpreter's exit ran" in result.stderr


def test_a_command_run_in_this_process_leaves_the_collector_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    assert main(["check", "--no-live", str(DEMO)]) == 0
    assert "5000" in capsys.readouterr().out
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
