""" "Show Logs" at its default level: the server's own words, not the protocol. Before, pygls logged every
payload it sent at INFO, so the log channel's default level printed each JSON-RPC message in full."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .raw_client import RawClient


def _session(root: Path, log: Path, trace: str, *, set_trace: str | None = None) -> str:
    """A whole session at --log-level info (the extension's default) with `trace`; the server's stderr."""
    with log.open("wb") as stderr:
        client = RawClient(root, extra=["--log-level", "info"], stderr=stderr)
        try:
            params: dict[str, Any] = {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {},
                "trace": trace,
                "initializationOptions": {"settings": {"pollInterval": 100, "live": False}},
            }
            client.response(client.send("initialize", params))
            client.send("initialized", {}, request=False)
            if set_trace is not None:
                client.send("$/setTrace", {"value": set_trace}, request=False)
            client.request("workspace/executeCommand", {"command": "portlint.showPortMap", "arguments": []})
            client.request("shutdown")
            client.send("exit", request=False)
            assert client.wait_exit() == 0
        finally:
            client.kill()
    return log.read_text(errors="replace")


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir(parents=True)
    (root / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    return root


def test_the_protocol_stays_out_of_the_log_while_trace_is_off(tmp_path: Path) -> None:
    text = _session(_workspace(tmp_path), tmp_path / "off.log", "off")
    assert '"jsonrpc"' not in text and "Sending data" not in text, text


def test_the_trace_setting_brings_the_protocol_back(tmp_path: Path) -> None:
    text = _session(_workspace(tmp_path), tmp_path / "verbose.log", "verbose")
    assert '"jsonrpc"' in text, text
    later = _session(_workspace(tmp_path / "later"), tmp_path / "later.log", "off", set_trace="messages")
    assert '"jsonrpc"' in later, later
