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

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import PNG, ROOT, DriverRun, Tools, assert_cleaned_up, drive

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
        assert shot.is_file() and shot.read_bytes()[:8] == PNG, shot


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

    shots = run.screenshots()
    assert shots.keys() >= {"kill-server", "server-restarted", "hover-after-restart"}, run.report()
    assert shots["server-restarted"].read_bytes()[:8] == PNG
    assert_cleaned_up(run)
