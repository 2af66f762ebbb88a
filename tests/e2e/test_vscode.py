"""End to end in real VS Code: code-server 4.100.3 + headless Chromium, driven by run.mjs.

install.sh puts code-server and playwright-core in tests/.cache/e2e (idempotent). The driver installs the
portlint VSIX, opens a workspace whose firebase.json hosting port is held by a real `ControlCenter`, checks
the squiggle, hover, Problems row and status item, takes the quick fix through the UI and checks the file.
It reports JSON; we assert on it here, and on the processes it started being gone.

The negative control runs the same driver with the server unable to start (`portlint.interpreter` points
nowhere) and must fail at the squiggle: a harness that passes without a server is caught.

The restart scenario (`--restart`) SIGKILLs the language server once the squiggle is there and checks that the
extension starts a new one (another pid) and that the squiggle, the status item and the server's hover come
back on their own.

Skipped when something is missing (node, the VSIX and the means to build it, the installs), unless
PORTLINT_REQUIRE_E2E is set: then that is a failure. Screenshots: test-artifacts/e2e/{real,control}/.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
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
# What a person sees, in order; the control must get through the first four and stop at the squiggle.
STEPS = [
    "install-extension",
    "start-code-server",
    "workbench",
    "open-firebase-json",
    "squiggle",
    "hover",
    "status-item",
    "problems",
    "quick-fix",
    "save",
    "squiggle-gone",
]
# The restart scenario: the same start, then the crash and what must come back; no quick fix.
RESTART_STEPS = [
    *STEPS[: STEPS.index("status-item") + 1],
    "kill-server",
    "server-restarted",
    "hover-after-restart",
]

pytestmark = [pytest.mark.live, pytest.mark.skipif(os.name != "posix", reason="code-server harness is POSIX")]


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


@pytest.fixture(scope="module")
def tools() -> Tools:
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


@pytest.fixture(scope="module")
def vsix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged extension, copied aside so that a rebuild during the run cannot pull it away."""
    built = Path(os.environ.get("PORTLINT_E2E_VSIX") or ROOT / "dist" / "portlint-linux-x64.vsix")
    if not built.is_file():
        build_vsix(built)
    copy = tmp_path_factory.mktemp("vsix") / built.name
    shutil.copyfile(built, copy)
    return copy


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
        *extra,
    ]
    mode = "control" if "--control" in extra else "restart" if "--restart" in extra else "real"
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
    targets = [(os.killpg, pids.get("codeServerGroup")), (os.kill, pids.get("standin"))]
    for kill, pid in targets:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(pid, signal.SIGKILL)


def assert_cleaned_up(run: DriverRun) -> None:
    """Every process the driver started is gone: code-server's whole group and the stand-in."""
    assert run.result["leftRunning"] == [], run.report()
    server = run.result.get("server", {})
    for pid in (server.get("oldPid"), server.get("newPid")):
        if pid is not None:
            assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, (
                f"language server {pid} still runs" + run.report()
            )
    for key in ("codeServerPid", "standinPid"):
        pid = run.result.get(key)
        if pid is not None:
            assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, (
                f"{key} {pid} still runs" + run.report()
            )


@pytest.fixture(scope="module")
def real_run(tools: Tools, vsix: Path) -> Iterator[DriverRun]:
    yield drive(tools, vsix)


def test_squiggle_hover_problems_status_and_quick_fix_in_real_vscode(real_run: DriverRun) -> None:
    run, result = real_run, real_run.result
    assert [step["name"] for step in result["steps"]] == STEPS, run.report()
    assert all(step["ok"] for step in result["steps"]), run.report()
    assert result["ok"] and run.returncode == 0, run.report()

    port, pid = result["port"], result["standinPid"]
    assert run.step("squiggle")["detail"]["onToken"] >= 1, run.report()
    assert f"Held by ControlCenter (pid {pid}" in result["hover"], run.report()
    assert f"{port} held by ControlCenter" in result["status"], run.report()
    assert str(port) in result["problem"] and "ControlCenter" in result["problem"], run.report()

    new_port = result["newPort"]
    assert result["quickFix"] == f"Switch to free port {new_port}", run.report()
    assert new_port != port and result["portOnDisk"] == new_port and result["newPortBinds"] is True, run.report()
    gone = run.step("squiggle-gone")["detail"]
    assert gone["token"]["port"] == new_port and gone["all"] == 0, run.report()
    assert "ok" in result["statusAfterFix"], run.report()
    assert_cleaned_up(run)


def test_a_screenshot_for_every_step(real_run: DriverRun) -> None:
    shots = [ROOT / shot for shot in real_run.result["screenshots"]]
    names = {shot.stem.split("-", 1)[1] for shot in shots}
    in_the_browser = STEPS[STEPS.index("workbench") :]  # the first two run before there is a page
    assert names == {*in_the_browser, "quick-fix-menu"}, real_run.report()
    for shot in shots:
        assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot


def test_negative_control_without_the_server_fails_at_the_squiggle(tools: Tools, vsix: Path) -> None:
    """Same run, but the extension cannot start its server: the squiggle assertion must fail."""
    run = drive(tools, vsix, "--control", "--squiggle-timeout", "60")
    result = run.result
    assert run.returncode == 1 and result["ok"] is False, run.report()
    steps = result["steps"]
    assert [step["name"] for step in steps] == STEPS[: STEPS.index("squiggle") + 1], run.report()
    assert all(step["ok"] for step in steps[:-1]), run.report()  # the harness itself worked up to there
    assert steps[-1]["ok"] is False and "no .squiggly-error on the port token" in steps[-1]["error"], run.report()
    # It failed for the reason we staged: the extension said it cannot start its server.
    assert any("interpreter" in note for note in result["notifications"]), run.report()
    assert_cleaned_up(run)


def test_a_killed_server_is_restarted_and_the_squiggle_and_status_come_back(tools: Tools, vsix: Path) -> None:
    """The test SIGKILLs `python -m portlint serve`; the extension must start a new one, unasked."""
    run = drive(tools, vsix, "--restart")
    result = run.result
    assert [step["name"] for step in result["steps"]] == RESTART_STEPS, run.report()
    assert all(step["ok"] for step in result["steps"]) and result["ok"] and run.returncode == 0, run.report()

    server = result["server"]
    old, new = server["oldPid"], server["newPid"]
    assert isinstance(old, int) and isinstance(new, int) and old != new, run.report()
    for cmdline in (server["oldCmdline"], server["newCmdline"]):
        assert "-m portlint serve" in cmdline, run.report()
    port, holder = result["port"], result["standinPid"]
    assert run.step("server-restarted")["detail"]["squiggle"]["onToken"] >= 1, run.report()
    # The status item left "held by" after the kill (the extension showed the server stopped) and came back:
    # that text needs a port map answered by the new server.
    held = f"{port} held by ControlCenter"
    status = server["status"]
    assert held in status[0] and held in status[-1], run.report()
    assert any(text is not None and held not in text for text in status[1:-1]), run.report()
    assert f"Held by ControlCenter (pid {holder}" in result["hoverAfterRestart"], run.report()

    shots = {(ROOT / shot).stem.split("-", 1)[1]: ROOT / shot for shot in result["screenshots"]}
    assert shots.keys() >= {"kill-server", "server-restarted", "hover-after-restart"}, run.report()
    assert shots["server-restarted"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_cleaned_up(run)
