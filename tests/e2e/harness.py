"""What every end-to-end scenario shares: the installs (install.sh), the packaged extension, running the driver
(run.mjs) and checking that it left no process behind. The fixtures are in conftest.py, one per session, so a
second scenario adds its own run only."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
REQUIRED = bool(os.environ.get("PORTLINT_REQUIRE_E2E"))
INSTALL_TIMEOUT = 1200  # seconds: apt + code-server's npm installs on a cold machine (~2 min warm)
BUILD_TIMEOUT = 900
DRIVER_TIMEOUT = 600  # the driver bounds each of its own waits; this only catches a hung driver
PNG = b"\x89PNG\r\n\x1a\n"
MODES = ("control", "restart", "vite")  # run.mjs's scenarios besides the default one ("real")


def unavailable(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"PORTLINT_REQUIRE_E2E is set but {reason}", pytrace=False)
    pytest.skip(f"{reason} (set PORTLINT_REQUIRE_E2E=1 to make this a failure)")


def tail(text: str, limit: int = 6000) -> str:
    return text if len(text) <= limit else "..." + text[-limit:]


@dataclass(frozen=True)
class Tools:
    node: str
    code_server: str
    tools: Path


def install_tools() -> Tools:
    node = shutil.which("node")
    if node is None:
        unavailable("`node` is not on PATH")
    try:
        run = subprocess.run(
            ["bash", str(HERE / "install.sh")], capture_output=True, text=True, timeout=INSTALL_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        unavailable(f"tests/e2e/install.sh took more than {INSTALL_TIMEOUT} s")
    if run.returncode != 0:
        unavailable(f"tests/e2e/install.sh failed ({run.returncode}):\n{tail(run.stderr)}")
    code_server = run.stdout.strip().splitlines()[-1]
    return Tools(node, code_server, Path(code_server).parents[2] / "tools")


def build_vsix(expected: Path) -> None:
    """`npm run package` at the repository root (the extension's own build), when the VSIX is missing."""
    npm = shutil.which("npm")
    if npm is None or not (ROOT / "package.json").is_file():
        unavailable(f"{expected} is missing and cannot be built here (npm or package.json missing)")
    commands = [[npm, "run", "package"]]
    if not (ROOT / "node_modules").is_dir():
        lockfile = (ROOT / "package-lock.json").is_file()
        commands.insert(0, [npm, "ci" if lockfile else "install", "--no-audit", "--no-fund"])
    for command in commands:
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        if run.returncode != 0:
            unavailable(f"`{' '.join(command[1:])}` failed ({run.returncode}):\n{tail(run.stdout + run.stderr)}")
    if not expected.is_file():
        unavailable(f"`npm run package` did not produce {expected}")


@dataclass
class DriverRun:
    returncode: int
    result: dict[str, Any]
    stderr: str

    def report(self) -> str:
        result = json.dumps(self.result, indent=2)
        return f"\ndriver exit code {self.returncode}\nresult: {result}\nlog:\n{tail(self.stderr)}"

    def step(self, name: str) -> dict[str, Any]:
        return next(step for step in self.result["steps"] if step["name"] == name)

    def screenshots(self) -> dict[str, Path]:
        """Step name -> its screenshot (`03-squiggle.png` -> `squiggle`)."""
        return {(ROOT / shot).stem.split("-", 1)[1]: ROOT / shot for shot in self.result["screenshots"]}


def drive(tools: Tools, vsix: Path, *extra: str) -> DriverRun:
    command = [
        tools.node,
        str(HERE / "run.mjs"),
        "--vsix",
        str(vsix),
        "--code-server",
        tools.code_server,
        "--tools",
        str(tools.tools),
        "--artifacts",
        str(ARTIFACTS),
        "--python",  # runs the stand-ins (and the Vite scenario's Flask backend): this interpreter has Flask
        sys.executable,
        *extra,
    ]
    mode = next((m for m in MODES if f"--{m}" in extra), "real")
    pids_file = ARTIFACTS / mode / "pids.json"
    pids_file.unlink(missing_ok=True)  # never act on an earlier run's pids
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=DRIVER_TIMEOUT)
    except subprocess.TimeoutExpired:
        kill_leftovers(pids_file)
        raise
    lines = run.stdout.strip().splitlines()
    assert lines, f"the driver printed no result (exit code {run.returncode}):\n{tail(run.stderr)}"
    return DriverRun(run.returncode, json.loads(lines[-1]), run.stderr)


def kill_leftovers(pids_file: Path) -> None:
    """The driver was killed before its own cleanup: end what it started, by the pids it recorded."""
    if not pids_file.is_file():
        return
    pids = json.loads(pids_file.read_text())
    targets = [(os.killpg, pids.get("codeServerGroup")), (os.kill, pids.get("standin")), (os.kill, pids.get("backend"))]
    for kill, pid in targets:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(pid, signal.SIGKILL)


def gone(pid: int) -> bool:
    return not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def assert_cleaned_up(run: DriverRun) -> None:
    """Every process the driver started is gone: code-server's whole group, the stand-in, the backend."""
    assert run.result["leftRunning"] == [], run.report()
    server = run.result.get("server", {})
    for pid in (server.get("oldPid"), server.get("newPid")):
        if pid is not None:
            assert gone(pid), f"language server {pid} still runs" + run.report()
    for key in ("codeServerPid", "standinPid", "backendPid"):
        pid = run.result.get(key)
        if pid is not None:
            assert gone(pid), f"{key} {pid} still runs" + run.report()
