"""Faults the language server meets: a config deleted while open, a binary config, the client vanishing
mid-request, the server killed and started again on the same workspace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import psutil

from tests.lsp.raw_client import RawClient

from .lsp_process import LspProcess

UNREADABLE = "config-unreadable"


def codes(diagnostics: list[dict[str, Any]] | None) -> set[str]:
    return {str(d["code"]) for d in diagnostics or []}


def test_a_config_deleted_while_open_is_cleared_after_close(tmp_path: Path) -> None:
    config = tmp_path / "firebase.json"
    config.write_text('{"hosting": {}, "emulators": {"hosting": {"port": 5998},\n')  # half-typed: a finding to clear
    server = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-server.log", extra=["--log-level", "info"])
    try:
        server.initialize()
        server.open(config)
        server.wait_for(lambda: UNREADABLE in codes(server.diagnostics.get(config.as_uri())))
        config.unlink()
        server.change(
            config, 2, '{"hosting": {}, "emulators": {"hosting": {"port": 5998}\n'
        )  # still half-typed, unsaved
        server.notify("textDocument/didClose", {"textDocument": {"uri": config.as_uri()}})
        server.wait_for(lambda: server.diagnostics.get(config.as_uri()) == [])
        assert server.recheck()["result"]["folders"][0]["claims"] == []
        assert server.process.poll() is None
        log = server.log()
        assert "Traceback" not in log and "ERROR" not in log, log
    finally:
        server.stop()


def test_a_binary_proxy_config_is_one_diagnostic_not_a_crash(tmp_path: Path) -> None:
    binary = tmp_path / "proxy.conf.json"
    binary.write_bytes(b"\0\x01\x02\xff\xfe" * 500)
    server = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-server.log")
    try:
        server.initialize()
        server.wait_for(lambda: binary.as_uri() in server.diagnostics)
        (diagnostic,) = server.diagnostics[binary.as_uri()]
        assert diagnostic["code"] == UNREADABLE and "binary" in diagnostic["message"]
        assert "error" not in server.recheck()
    finally:
        server.stop()


class QuietClient(RawClient):
    """RawClient with the server's stderr in a file: a pipe nobody reads would block the server's log."""

    def __init__(self, root: Path, log: Path) -> None:
        self._log = open(log, "wb")  # noqa: SIM115 - closed by the test
        self.process = subprocess.Popen(
            [sys.executable, "-m", "portlint", "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log
        )
        self.root, self.parent, self._next_id, self._buffer = root, None, 0, b""


def _reap(pid: int, into: dict[str, Any]) -> None:
    _, status, usage = os.wait4(pid, 0)
    into.update(status=status, cpu=usage.ru_utime + usage.ru_stime)


def test_the_client_vanishing_mid_request_ends_the_server_without_spinning(tmp_path: Path) -> None:
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5998}}, "hosting": {}}\n')
    log = tmp_path.parent / f"{tmp_path.name}-server.log"
    client = QuietClient(tmp_path, log)
    pid = client.process.pid
    reaped: dict[str, Any] = {}
    try:
        client.initialize()
        server = psutil.Process(pid)
        before = server.cpu_times()
        for _ in range(30):  # requests in flight, their answers due into a pipe nobody reads
            client.send("workspace/executeCommand", {"command": "portlint.recheck", "arguments": []})
            client.send("workspace/executeCommand", {"command": "portlint.showPortMap", "arguments": []})
        assert client.process.stdin is not None and client.process.stdout is not None
        client.process.stdout.close()  # the client's end of both pipes goes, as when an editor crashes
        client.process.stdin.close()
        reaper = threading.Thread(target=_reap, args=(pid, reaped))
        reaper.start()
        reaper.join(timeout=20)
        assert not reaper.is_alive(), "the server did not exit within 20 s of its client vanishing"
        spent = reaped["cpu"] - (before.user + before.system)
        assert spent < 3.0, f"the server burnt {spent:.1f} s of CPU after its client left"
        # pygls logs every answer it cannot deliver (about 8 kB each, 60 here): bounded, not a flood loop.
        assert log.stat().st_size < 2_000_000
    finally:
        if not reaped and client.process.poll() is None:
            client.process.kill()
            client.process.wait()
        client._log.close()
    client.process.returncode = os.waitstatus_to_exitcode(reaped["status"])


def test_a_server_killed_with_sigkill_is_replaced_by_a_new_one_on_the_same_workspace(tmp_path: Path) -> None:
    config = tmp_path / "firebase.json"
    config.write_text('{"hosting": {}, "emulators": {"hosting": {"port": "nope"}}}\n')
    first = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-first.log")
    try:
        first.initialize()
        first.wait_for(lambda: config.as_uri() in first.diagnostics)
        seen = first.diagnostics[config.as_uri()]
        os.kill(first.pid, signal.SIGKILL)
        assert first.process.wait(timeout=20) == -signal.SIGKILL
    finally:
        first.stop()
    assert not psutil.pid_exists(first.pid)
    second = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-second.log")
    try:
        second.initialize()
        second.wait_for(lambda: config.as_uri() in second.diagnostics)
        assert second.pid != first.pid
        assert second.diagnostics[config.as_uri()] == seen
        assert second.shutdown() == 0
    finally:
        second.stop()
