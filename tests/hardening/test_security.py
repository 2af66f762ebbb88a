"""Untrusted workspaces: their code never runs, nothing leaves loopback, no process is signalled, stdio
mode listens nowhere, and no setting chooses what runs."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.holders import free_port, listener

from .lsp_process import LspProcess

ROOT = Path(__file__).resolve().parents[2]
STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(STRACE is None, reason="strace is not installed (apt-get install strace)")


def booby_trapped(root: Path, marker: Path, port: int) -> list[Path]:
    """Configs that write `marker` if run, imported, required or expanded by a shell."""
    files = {
        "backend/app.py": (
            "from flask import Flask\n"
            f"open({str(marker)!r} + '.py', 'w').write('imported')\n"
            "app = Flask(__name__)\n"
            f"if __name__ == '__main__':\n    app.run(port={port})\n"
        ),
        "backend/.flaskenv": (
            f"FLASK_APP=app.py\nFLASK_RUN_PORT={port}\nX=$(touch {marker}.env)\nY=`touch {marker}.tick`\n"
        ),
        "backend/.env": f'Z="$(touch {marker}.env2)"\nFLASK_RUN_HOST=${{HOST:-$(touch {marker}.env3)}}\n',
        "src/proxy.conf.js": (
            f"require('fs').writeFileSync({str(marker)!r} + '.js', 'required');\n"
            f"module.exports = {{'/api': {{target: 'http://127.0.0.1:{port}'}}}};\n"
        ),
        "angular.json": json.dumps(
            {"projects": {"web": {"architect": {"serve": {"options": {"proxyConfig": "src/proxy.conf.js"}}}}}}
        ),
        "package.json": json.dumps(
            {
                "scripts": {
                    "postinstall": f"touch {marker}.npm",
                    "api": f"touch {marker}.script && flask --app backend/app run --port {port}",
                }
            }
        ),
        "Makefile": f"run:\n\ttouch {marker}.make && flask run --port {port}\n",
        "Procfile": f"web: touch {marker}.proc; flask run --port {port}\n",
        ".vscode/launch.json": json.dumps(
            {
                "configurations": [
                    {
                        "name": "Flask",
                        "type": "debugpy",
                        "request": "launch",
                        "module": "flask",
                        "preLaunchTask": f"touch {marker}.task",
                        "args": ["run", "--port", str(port)],
                    }
                ]
            }
        ),
        "firebase.json": json.dumps({"hosting": {}, "emulators": {"hosting": {"port": port}}}),
    }
    paths = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def markers(marker: Path) -> list[str]:
    return sorted(p.name for p in marker.parent.glob(marker.name + "*"))


def full_session(root: Path, paths: list[Path], log: Path, options: dict[str, Any] | None = None) -> LspProcess:
    """Open every file, hover every line start, ask for code actions, recheck; returns the still-running
    server (the caller stops it)."""
    server = LspProcess(root, log, options=options)
    server.initialize()
    for path in paths:
        server.open(path, "python" if path.suffix == ".py" else "plaintext")
    for path in paths:
        for line in range(len(path.read_text().splitlines())):
            assert "error" not in server.hover(path, line, 0)
        answer = server.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": path.as_uri()},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": server.diagnostics.get(path.as_uri(), [])},
            },
        )
        assert "error" not in answer
    assert "error" not in server.recheck()
    return server


@pytest.fixture
def trap(tmp_path: Path) -> Iterator[tuple[Path, Path, list[Path]]]:
    marker = tmp_path.parent / f"{tmp_path.name}-MARKER"
    paths = booby_trapped(tmp_path, marker, 5999)
    yield tmp_path, marker, paths
    for leftover in marker.parent.glob(marker.name + "*"):
        leftover.unlink()


def test_the_trap_works_when_run(trap: tuple[Path, Path, list[Path]]) -> None:
    """Positive control: the booby-trapped files really write their markers when executed."""
    root, marker, _paths = trap
    subprocess.run([sys.executable, "-c", "import runpy; runpy.run_path('backend/app.py')"], cwd=root, check=False)
    subprocess.run(["sh", "-c", f"X=$(touch {marker}.env)"], check=True)
    if shutil.which("node"):
        subprocess.run(["node", "src/proxy.conf.js"], cwd=root, check=True)
    found = markers(marker)
    assert any(name.endswith(".py") for name in found), found
    assert any(name.endswith(".env") for name in found)


def test_workspace_code_never_runs(trap: tuple[Path, Path, list[Path]]) -> None:
    root, marker, paths = trap
    for command in (["check", "--format", "json"], ["ports"], ["check", "--no-live"]):
        done = subprocess.run([sys.executable, "-m", "portlint", *command, str(root)], capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
    server = full_session(root, paths, root.parent / f"{root.name}-server.log")
    try:
        assert server.shutdown() == 0
    finally:
        server.stop()
    assert markers(marker) == []


# ---- nothing beyond loopback -------------------------------------------------------------------------

CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)([^}]*)\}")
ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')


def connections(trace: str) -> list[tuple[str, str | None]]:
    """(family, address) of every connect() in an strace log."""
    found = []
    for family, rest in CONNECT.findall(trace):
        address = ADDRESS.search(rest)
        found.append((family, (address.group(1) or address.group(2)) if address else None))
    return found


def off_loopback(found: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    allowed = {"AF_UNIX", "AF_NETLINK"}
    return [
        (family, address)
        for family, address in found
        if family not in allowed and not (address and (address.startswith("127.") or address == "::1"))
    ]


def strace(argv: list[str], log: Path, calls: str) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None
    return subprocess.run(
        [STRACE, "-f", "-qq", "-e", f"trace={calls}", "-o", str(log), *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )


@needs_strace
def test_proxy_targets_beyond_loopback_are_never_contacted(tmp_path: Path) -> None:
    (tmp_path / "proxy.conf.json").write_text(
        json.dumps(
            {
                "/a": {"target": "http://example.com"},
                "/b": {"target": "http://portlint-test.invalid:5000"},
                "/c": {"target": "http://10.255.255.1:5000"},
                "/d": {"target": "http://[2001:db8::1]:5000"},
            }
        )
    )
    log = tmp_path.parent / f"{tmp_path.name}-connect.trace"
    for command in (["check", "--format", "json"], ["ports", "--format", "json"]):
        done = strace([sys.executable, "-m", "portlint", *command, str(tmp_path)], log, "connect")
        assert done.returncode in (0, 1), done.stderr
        assert json.loads(done.stdout)["claims"], "the proxy targets were not even read"
        trace = log.read_text()
        assert off_loopback(connections(trace)) == [], trace


@needs_strace
def test_the_connection_watch_sees_a_connection_beyond_loopback() -> None:
    """Positive control for the watch above: a connect() to 10.255.255.1 is seen and flagged."""
    code = "import socket; s = socket.socket(); s.setblocking(False); s.connect_ex(('10.255.255.1', 9))"
    log = Path(f"/tmp/portlint-control-{time.monotonic_ns()}.trace")
    try:
        strace([sys.executable, "-c", code], log, "connect")
        assert ("AF_INET", "10.255.255.1") in off_loopback(connections(log.read_text()))
    finally:
        log.unlink(missing_ok=True)


@needs_strace
@pytest.mark.parametrize(
    "url", ["http://example.com/api", "http://10.255.255.1:5000/", "http://portlint-test.invalid:5000/"]
)
def test_probe_refuses_non_loopback_urls_before_connecting(url: str, tmp_path: Path) -> None:
    log = tmp_path / "probe.trace"
    done = strace([sys.executable, "-m", "portlint", "probe", url], log, "connect")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert off_loopback(connections(log.read_text())) == []


# ---- no signals ----------------------------------------------------------------------------------------

SIGNAL_CALL = re.compile(r"^(\d+)\s+(kill|tkill|tgkill|pidfd_send_signal)\(([^)]*)\)", re.M)


@needs_strace
def test_check_signals_no_other_process(tmp_path: Path) -> None:
    port = free_port()
    (tmp_path / "firebase.json").write_text(json.dumps({"hosting": {}, "emulators": {"hosting": {"port": port}}}))
    log = tmp_path.parent / f"{tmp_path.name}-signals.trace"
    with listener("127.0.0.1", port) as holder:
        done = strace(
            [sys.executable, "-m", "portlint", "check", str(tmp_path)], log, "kill,tkill,tgkill,pidfd_send_signal"
        )
        assert done.returncode == 1 and str(holder.pid) in done.stdout  # the holder was seen and reported
        assert holder.process.poll() is None
    for _tid, call, args in SIGNAL_CALL.findall(log.read_text()):
        words = [w.strip() for w in args.split(",")]
        sent = words[-1]
        assert sent in ("0", "SIG_0"), f"{call}({args}): portlint sent a signal"


SIGNAL_RECORDER = r"""
import signal, sys
got = open(sys.argv[1], "w")
def record(number, _frame):
    got.write(f"{number}\n"); got.flush()
for number in range(1, signal.NSIG):
    if number not in (signal.SIGKILL, signal.SIGSTOP):
        try: signal.signal(number, record)
        except (OSError, ValueError): pass
import socket
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[2]))); s.listen(8)
print("ready", flush=True)
sys.stdin.read()
"""


def test_a_full_session_with_a_quick_fix_signals_no_holder(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "firebase.json"
    config.write_text(json.dumps({"hosting": {}, "emulators": {"hosting": {"port": port}}}, indent=2) + "\n")
    received = tmp_path.parent / f"{tmp_path.name}-signals.txt"
    holder = subprocess.Popen(
        [sys.executable, "-c", SIGNAL_RECORDER, str(received), str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"ready\n"
        done = subprocess.run(
            [sys.executable, "-m", "portlint", "check", str(tmp_path)], capture_output=True, text=True
        )
        assert done.returncode == 1 and str(holder.pid) in done.stdout
        server = full_session(tmp_path, [config], tmp_path.parent / f"{tmp_path.name}-server.log")
        try:
            server.wait_for(
                lambda: any(
                    d["code"] == "port-held-by-foreign-process" for d in server.diagnostics.get(config.as_uri(), [])
                )
            )
            (held,) = [d for d in server.diagnostics[config.as_uri()] if d["code"] == "port-held-by-foreign-process"]
            actions = server.request(
                "textDocument/codeAction",
                {"textDocument": {"uri": config.as_uri()}, "range": held["range"], "context": {"diagnostics": [held]}},
            )["result"]
            assert actions, "no quick fix offered"
            for action in actions:
                if action.get("command"):
                    server.request("workspace/executeCommand", action["command"])
            assert server.shutdown() == 0
        finally:
            server.stop()
        assert holder.poll() is None, "the holder died"
        assert received.read_text() == "", f"the holder received signals: {received.read_text()}"
    finally:
        holder.kill()
        holder.wait()


# ---- no listening socket in stdio mode -----------------------------------------------------------------


def listening(pid: int) -> list[int]:
    return [c.laddr.port for c in psutil.Process(pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]


def test_stdio_server_listens_nowhere(tmp_path: Path) -> None:
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5999}}, "hosting": {}}\n')
    server = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-server.log")
    try:
        server.initialize()
        assert "error" not in server.recheck()
        assert listening(server.pid) == []
    finally:
        server.stop()


def test_tcp_server_does_listen(tmp_path: Path) -> None:
    """Positive control: with --tcp the same look finds the listening socket."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "portlint", "serve", "--tcp", f"127.0.0.1:{port}"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # connect attempts until it answers: the event, not a pause
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "the tcp server died"
                select_wait = min(0.05, max(0.0, deadline - time.monotonic()))
                time.sleep(select_wait)  # a back-off between attempts; the connect decides
        assert port in listening(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---- no setting chooses what runs ----------------------------------------------------------------------


def test_an_interpreter_setting_changes_nothing_that_runs(tmp_path: Path) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-INTERPRETER"
    evil = tmp_path / "evil.sh"
    evil.write_text(f'#!/bin/sh\ntouch {marker}\nexec {sys.executable} "$@"\n')
    evil.chmod(0o755)
    config = tmp_path / "firebase.json"
    config.write_text('{"emulators": {"hosting": {"port": 5999}}, "hosting": {}}\n')
    options = {
        "settings": {"interpreter": str(evil), "pythonPath": str(evil), "serverPath": str(evil), "pollInterval": 100}
    }
    server = full_session(tmp_path, [config], tmp_path.parent / f"{tmp_path.name}-server.log", options=options)
    try:
        assert psutil.Process(server.pid).children(recursive=True) == []
        assert server.shutdown() == 0
    finally:
        server.stop()
    assert not marker.exists()


def test_the_extension_marks_path_settings_restricted() -> None:
    # The VS Code manifest is the repository's package.json (the extension is built from the root).
    candidates = [ROOT / "package.json", ROOT / "extension" / "package.json"]
    manifests = [json.loads(p.read_text()) for p in candidates if p.exists()]
    manifests = [m for m in manifests if "contributes" in m]
    if not manifests:
        pytest.skip("the extension's manifest has not landed yet (J1)")
    data = manifests[0]
    assert data["capabilities"]["untrustedWorkspaces"]["supported"] in ("limited", False)
    restricted = data.get("capabilities", {}).get("untrustedWorkspaces", {}).get("restrictedConfigurations", [])
    properties = data.get("contributes", {}).get("configuration", {})
    sections = properties if isinstance(properties, list) else [properties]
    names = {name for section in sections for name in section.get("properties", {})}
    risky = {
        name
        for name in names
        if any(word in name.lower() for word in ("interpreter", "path", "command", "executable", "args"))
    }
    assert risky <= set(restricted), f"settings that choose what runs but are not restricted: {risky - set(restricted)}"
