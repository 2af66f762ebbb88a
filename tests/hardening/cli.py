"""Running the real `portlint` command line as a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TIMEOUT = 60.0


def portlint(*args: str, cwd: Path | None = None, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portlint", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )


def check_json(root: Path, *extra: str) -> dict[str, Any]:
    done = portlint("check", str(root), "--format", "json", "--fail-on", "never", *extra)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def findings_of(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["code"] == code]
