"""End to end in real VS Code, a second stack: a Vite proxy whose `localhost` reaches a stand-in on ::1.

The workspace (fixtures/vite-flask) is a Vite front end proxying /api to `http://localhost:B` and a Flask
backend, `python server.py`, on 127.0.0.1:B. The driver (`run.mjs --vite`) also starts the ControlCenter
stand-in on [::1]:B only and runs code-server where `localhost` resolves to ::1 first (a private mount
namespace with its own /etc/hosts, as on macOS and many Linux machines). Node's own `localhost:B` is checked
to reach the stand-in there. In VS Code: the extension starts because of vite.config.ts, the error squiggle is
on B in the proxy target with `localhost-resolves-elsewhere`, the hover names the stand-in; the quick fix
"Target http://127.0.0.1:B" rewrites the host, the person saves, and the squiggle and the Problems row go away.

Shares the installs and the VSIX with test_vscode.py (conftest.py); one driver run. Skipped, with the reason,
where the machine has no IPv6 loopback or cannot give `localhost` another order (Linux `unshare` as root).
"""

from __future__ import annotations

import fnmatch
import json
import re
import socket
import sys
from pathlib import Path

import pytest

from portlint.registry import telltales

from ..v6_first import v6_first_prefix
from .harness import ARTIFACTS, HERE, PNG, ROOT, DriverRun, Tools, assert_cleaned_up, drive

STEPS = [
    "node-localhost",
    "install-extension",
    "start-code-server",
    "workbench",
    "open-vite-config",
    "squiggle",
    "hover",
    "problems",
    "quick-fix",
    "save",
    "squiggle-gone",
]
CODE = "localhost-resolves-elsewhere"
WORKSPACE = HERE / "fixtures" / "vite-flask"
MESSAGE_LIMIT = 200

pytestmark = [pytest.mark.live, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux")]


def why_not_here(tmp_path: Path) -> str | None:
    """Why this machine cannot stage the scenario, or None: an IPv6 loopback, and `localhost` given ::1 first."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError as error:
        return f"no IPv6 loopback here (binding [::1] failed: {error}): the stand-in needs one"
    return v6_first_prefix(tmp_path)[1] or None


@pytest.fixture(scope="module")
def vite_run(tools: Tools, vsix: Path, tmp_path_factory: pytest.TempPathFactory) -> DriverRun:
    reason = why_not_here(tmp_path_factory.mktemp("hosts"))
    if reason is not None:
        pytest.skip(reason)
    return drive(tools, vsix, "--vite")


def workspace_files() -> list[str]:
    """The workspace's files as the driver writes them (each template without its suffix)."""
    return sorted(str(t.relative_to(WORKSPACE)).removesuffix(".template") for t in WORKSPACE.rglob("*.template"))


def expand_braces(pattern: str) -> list[str]:
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    head, rest = pattern[: match.start()], pattern[match.end() :]
    return [expanded for alt in match[1].split(",") for expanded in expand_braces(head + alt + rest)]


def test_only_vite_config_can_activate_the_extension_in_this_workspace() -> None:
    """So the activation the real run sees is vite.config.ts's, an event generated from the registry."""
    names = [name for telltale in telltales() for name in expand_braces(telltale)]
    activating = [f for f in workspace_files() if any(fnmatch.fnmatchcase(Path(f).name, n) for n in names)]
    assert activating == ["frontend/vite.config.ts"]
    events = json.loads((ROOT / "package.json").read_text())["activationEvents"]
    assert "workspaceContains:vite.config.ts" in events
    assert any(e.startswith("workspaceContains:**/{") and "vite.config.ts" in e for e in events)


def activation_event(run: DriverRun) -> str | None:
    """The event VS Code's extension host logged when it activated portlint (from the run's copied logs)."""
    pattern = re.compile(r"_doActivateExtension portlint\.portlint, startup: \w+, activationEvent: '([^']*)'")
    for log in (ARTIFACTS / run.result["mode"] / "vscode-logs").rglob("*exthost*.log"):
        match = pattern.search(log.read_text(errors="replace"))
        if match:
            return match[1]
    return None


def test_a_vite_proxy_whose_localhost_reaches_a_standin_on_ipv6_in_real_vscode(vite_run: DriverRun) -> None:
    run, result = vite_run, vite_run.result
    assert [step["name"] for step in result["steps"]] == STEPS, run.report()
    assert all(step["ok"] for step in result["steps"]) and result["ok"] and run.returncode == 0, run.report()
    port, holder = result["port"], result["standinPid"]

    # The premise, as Node sees it where VS Code runs: localhost reaches the stand-in, 127.0.0.1 the backend.
    reach = result["reach"]
    assert reach["localhost"]["address"] == "::1" and reach["localhost"]["server"].startswith("AirTunes"), run.report()
    assert reach["loopback"]["server"].startswith("Werkzeug"), run.report()

    event = activation_event(run)
    assert event is not None and event.startswith("workspaceContains:") and "vite.config.ts" in event, run.report()

    squiggle = run.step("squiggle")["detail"]
    assert squiggle["onToken"] >= 1 and squiggle["token"]["port"] == port, run.report()

    # The Problems row: the message first, then the source and the code, on the proxy target's port.
    message, source, code, where = result["problem"].splitlines()
    assert (source, code, where) == ("portlint", CODE, "[Ln 9, Col 33]"), run.report()
    assert len(message) <= MESSAGE_LIMIT, run.report()
    assert message.startswith("`localhost` resolves first to ::1, where ControlCenter") and f"(pid {holder})" in message
    assert message.endswith(f"Way out: target http://127.0.0.1:{port}."), run.report()

    # The hover: that diagnostic, then the server's own words on who answers there.
    hover = result["hover"]
    assert message in hover and CODE in hover, run.report()
    assert "Answered by:" in hover and f"ControlCenter (pid {holder}" in hover, run.report()
    assert f"[::1]:{port}" in hover, run.report()

    # The quick fix does what the message says; the file on disk holds it.
    assert result["quickFix"] == f"Target http://127.0.0.1:{port}", run.report()
    assert result["targetOnDisk"] == f"'http://127.0.0.1:{port}'", run.report()
    gone = run.step("squiggle-gone")["detail"]
    assert gone["token"]["port"] == port and gone["all"] == 0 and gone["rows"] == 0, run.report()
    # Said after the server's report of the edited file: the target is answered by the workspace's backend.
    backend = result["backendPid"]
    assert f"(pid {backend}" in gone["hover"] and "ours (runs from this workspace)" in gone["hover"], run.report()

    shots = run.screenshots()
    in_the_browser = STEPS[STEPS.index("workbench") :]  # the first three run before there is a page
    assert shots.keys() == {*in_the_browser, "quick-fix-menu"}, run.report()
    assert all(shot.read_bytes()[:8] == PNG for shot in shots.values())
    assert_cleaned_up(run)
