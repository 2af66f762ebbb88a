"""A second real editor: headless Neovim's built-in LSP client drives `python -m portlint serve`.

A real `ControlCenter` stand-in holds the firebase.json hosting port. Neovim (neovim_quickfix.lua) opens the
file, waits for the diagnostic, takes the preferred "Switch to free port N" quick fix, writes the file and
waits for the diagnostic to go; it reports what it saw as JSON. Here we check that report, the file on disk,
that the new port really binds, and that the server exited cleanly when Neovim stopped it.

Skipped only when `nvim` is missing and PORTLINT_REQUIRE_NEOVIM is unset (CI sets it, so CI cannot skip).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.holders import airplay_standin, free_port_both

pytestmark = pytest.mark.live

HELD = "port-held-by-foreign-process"
HERE = Path(__file__).parent
QUICKFIX = HERE / "neovim_quickfix.lua"  # the whole quick-fix round trip, plain Neovim
README_CONFIG = HERE / "init_portlint.lua"  # the README's Neovim 0.7 config, verbatim
WAIT_FOR_DIAGNOSTIC = HERE / "wait_for_diagnostic.lua"
SERVER = [sys.executable, "-m", "portlint", "serve", "--log-level", "info"]
STEP_WAIT_MS = 30_000  # the bound on each wait inside Neovim (it returns as soon as the event happens)
# Even a Lua syntax error must end Neovim (headless, it would otherwise wait for input until `timeout`).
LAUNCH = "lua local ok, e = pcall(dofile, %s) if not ok then io.stderr:write(tostring(e), '\\n') vim.cmd('cquit 2') end"
NVIM_TIMEOUT = 180  # seconds: `timeout` ends Neovim if the script itself hangs
# Non-ASCII before the port on its line: Neovim's byte columns and LSP's UTF-16 characters differ there.
FIREBASE_JSON = (
    '{"hosting": {},\n  "emulators": {\n    "hosting": { "site": "café ✓ 😀", "port": %d },\n'
    '    "ui": { "enabled": false }\n  }\n}\n'
)


@pytest.fixture
def nvim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("PORTLINT_REQUIRE_NEOVIM"):
            pytest.fail("PORTLINT_REQUIRE_NEOVIM is set but `nvim` is not on PATH (apt-get install neovim)")
        pytest.skip("`nvim` is not installed (set PORTLINT_REQUIRE_NEOVIM=1 to make this a failure)")
    return found


@dataclass
class NvimRun:
    returncode: int
    stdout: str
    stderr: str
    result: dict[str, Any]
    lsp_log: str

    def report(self) -> str:
        """Everything needed to understand a failure: what the script saw, Neovim's output, the LSP log
        (which holds the server's stderr)."""
        return (
            f"\nnvim exit code: {self.returncode} (124: killed by timeout)"
            f"\nscript result: {json.dumps(self.result, indent=2, ensure_ascii=False)}"
            f"\nnvim stdout:\n{self.stdout}\nnvim stderr:\n{self.stderr}"
            f"\nlsp.log (server stderr included):\n{self.lsp_log[-20_000:]}"
        )


def run_nvim(nvim: str, script: Path, file: Path, home: Path, token: str, init: str = "NONE") -> NvimRun:
    """Neovim on `file` in its folder, running `script`, under `timeout`, with its state in `home` (nothing
    of the user's is read). `token` goes into its environment, so into the servers it starts."""
    result_path = home / "result.json"
    env = dict(os.environ)
    env.update({f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("CONFIG", "DATA", "CACHE", "STATE")})
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),  # `portlint` itself
        PORTLINT_NVIM_CONFIG=str(file),
        PORTLINT_NVIM_ROOT=str(file.parent),
        PORTLINT_NVIM_RESULT=str(result_path),
        PORTLINT_NVIM_SERVER=json.dumps(SERVER),
        PORTLINT_NVIM_WAIT_MS=str(STEP_WAIT_MS),
        PORTLINT_NVIM_TOKEN=token,
    )
    argv = [nvim, "--headless", "--clean", "-u", init, "-i", "NONE", "-n", "-c", LAUNCH % json.dumps(str(script))]
    if init != "NONE":
        argv.append(str(file))  # opened by Neovim itself, so the config's autocommands see it
    bounded = shutil.which("timeout")
    if bounded:
        argv = [bounded, "-k", "5", str(NVIM_TIMEOUT), *argv]
    process = subprocess.Popen(
        argv, cwd=file.parent, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        stdout, stderr = process.communicate(timeout=NVIM_TIMEOUT + 15)
    except subprocess.TimeoutExpired:
        process.kill()  # by pid: `timeout` itself did not end it
        stdout, stderr = process.communicate()
    result: dict[str, Any] = json.loads(result_path.read_text()) if result_path.exists() else {}
    logs = [home / kind / "nvim" / "lsp.log" for kind in ("cache", "state")]  # 0.7 and 0.8+
    lsp_log = "".join(log.read_text(errors="replace") for log in logs if log.exists())
    return NvimRun(
        process.returncode, stdout.decode(errors="replace"), stderr.decode(errors="replace"), result, lsp_log
    )


def servers_started_with(token: str) -> list[psutil.Process]:
    """The language servers this test's Neovim started: they alone carry `token` in their environment."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            named = any(Path(word).name == "portlint" for word in process.info["cmdline"] or [])
            if named and process.environ().get("PORTLINT_NVIM_TOKEN") == token:
                found.append(process)
        except psutil.Error:
            continue
    return found


def end_by_pid(processes: list[psutil.Process]) -> None:
    for process in processes:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(processes, timeout=10)
    for process in alive:
        process.kill()
    psutil.wait_procs(alive, timeout=10)


@pytest.fixture
def token() -> Iterator[str]:
    """Marks the servers this test starts; any left at the end are ended by pid."""
    value = uuid.uuid4().hex
    yield value
    end_by_pid(servers_started_with(value))


def port_columns(text: str, port: int) -> tuple[int, int, int]:
    """(line, byte column, UTF-16 column) of the port token."""
    for number, line in enumerate(text.splitlines()):
        at = line.find(str(port))
        if at >= 0:
            return number, len(line[:at].encode()), len(line[:at].encode("utf-16-le")) // 2
    raise AssertionError(f"{port} not in {text!r}")


def binds(port: int) -> bool:
    for host, family in (("127.0.0.1", socket.AF_INET), ("::1", socket.AF_INET6)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                return False
    return True


def test_neovim_shows_the_foreign_listener_and_its_quick_fix_moves_the_port(
    nvim: str, token: str, tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    port = free_port_both()
    config = workspace / "firebase.json"
    config.write_text(FIREBASE_JSON % port, encoding="utf-8")
    line, byte_column, utf16_column = port_columns(config.read_text(encoding="utf-8"), port)
    assert byte_column != utf16_column  # the line really tells the two encodings apart

    with airplay_standin(port, host="127.0.0.1") as holder:
        run = run_nvim(nvim, QUICKFIX, config, tmp_path / "nvim-home", token)
        strays = servers_started_with(token)
        end_by_pid(strays)
        found = run.result
        assert run.returncode == 0 and found.get("stage") == "done", run.report()

        # The diagnostic sits on the port token, in Neovim's byte columns ...
        diagnostic = found["diagnostic"]
        assert (diagnostic["lnum"], diagnostic["col"]) == (line, byte_column), run.report()
        assert (diagnostic["end_lnum"], diagnostic["end_col"]) == (line, byte_column + len(str(port))), run.report()
        assert diagnostic["severity"] == 1, run.report()  # vim.diagnostic.severity.ERROR
        assert f"ControlCenter (pid {holder.pid}" in diagnostic["message"], run.report()
        # ... and converted back to UTF-16 for the request, it is the server's range again.
        assert found["request_range"]["start"] == {"line": line, "character": utf16_column}, run.report()

        new_port = found["new_port"]
        assert found["action_title"] == f"Switch to free port {new_port}", run.report()
        assert new_port != port, run.report()
        assert found["line_after_edit"] == (FIREBASE_JSON % new_port).splitlines()[line], run.report()
        assert found["cleared"] is True, run.report()

        # Neovim wrote the edit; nothing else around the token moved.
        assert config.read_text(encoding="utf-8") == FIREBASE_JSON % new_port
        assert binds(new_port), f"port {new_port} from the quick fix does not bind on loopback"

    # vim.lsp.stop_client: shutdown + exit, and the server ended with its clean exit code.
    assert found["server_exit"] == {"code": 0, "signal": 0}, run.report()
    assert not strays, f"language servers still running after Neovim quit: {[p.pid for p in strays]}"


@pytest.mark.parametrize(
    ("name", "text"),
    [("firebase.json", FIREBASE_JSON), (".flaskenv", "FLASK_APP=app.py\nFLASK_RUN_PORT=%d\n")],
    ids=["firebase.json", ".flaskenv"],
)
def test_the_readme_neovim_config_attaches_portlint_to_config_files(
    nvim: str, token: str, tmp_path: Path, name: str, text: str
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    port = free_port_both()
    config = workspace / name
    config.write_text(text % port, encoding="utf-8")
    line, byte_column, _ = port_columns(config.read_text(encoding="utf-8"), port)
    with airplay_standin(port, host="127.0.0.1"):
        run = run_nvim(nvim, WAIT_FOR_DIAGNOSTIC, config, tmp_path / "nvim-home", token, init=str(README_CONFIG))
    strays = servers_started_with(token)
    end_by_pid(strays)
    assert run.returncode == 0 and run.result.get("stage") == "done", run.report()
    assert run.result["clients"] == ["portlint"], run.report()
    assert run.result["diagnostic"] == {"lnum": line, "col": byte_column, "end_col": byte_column + len(str(port))}, (
        run.report()
    )
    assert not strays, f"language servers still running after Neovim quit: {[p.pid for p in strays]}"
