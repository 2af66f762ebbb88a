"""Every request gets an answer — a result or a JSON-RPC error — whatever a sloppy client sends: params that do
not fit the protocol, requests before `initialize` or before `initialized`, a second `initialize`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psutil

from .raw_client import RawClient

INVALID_PARAMS, INVALID_REQUEST, NOT_INITIALIZED = -32602, -32600, -32002


def _config(root: Path) -> Path:
    config = root / "firebase.json"
    config.write_text('{"emulators": {"hosting": {"port": 5998}}, "hosting": {}}\n')
    return config


def _error_code(answer: dict[str, Any]) -> int | None:
    error = answer.get("error")
    return error["code"] if isinstance(error, dict) else None


def test_requests_with_params_that_do_not_fit_get_invalid_params(tmp_path: Path) -> None:
    uri = _config(tmp_path).as_uri()
    client = RawClient(tmp_path)
    try:
        client.initialize()
        below_zero = client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}
        )
        no_position = client.request("textDocument/hover", {"textDocument": {"uri": uri}})
        no_context = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
        })  # fmt: skip
        for answer in (below_zero, no_position, no_context):
            assert _error_code(answer) == INVALID_PARAMS, answer
        assert "position" in no_position["error"]["message"] and "context" in no_context["error"]["message"]
        # The server still answers properly afterwards.
        fine = client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}
        )
        assert "error" not in fine
    finally:
        client.kill()


def test_requests_before_initialize_and_before_initialized_are_answered(tmp_path: Path) -> None:
    uri = _config(tmp_path).as_uri()
    hover = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 40}}
    client = RawClient(tmp_path)
    try:
        assert _error_code(client.request("textDocument/hover", hover)) == NOT_INITIALIZED
        client.initialize(initialized=False)
        # Between initialize and initialized: answered from what is known (nothing read yet).
        assert client.request("textDocument/hover", hover) == {"jsonrpc": "2.0", "id": client._next_id, "result": None}
        shown = client.request("workspace/executeCommand", {"command": "portlint.showPortMap"})
        assert shown["result"] == {"version": 1, "folders": []}
        client.send("initialized", {}, request=False)
        recheck = client.request("workspace/executeCommand", {"command": "portlint.recheck"})
        assert [folder["root"] for folder in recheck["result"]["folders"]] == [str(tmp_path)]
    finally:
        client.kill()


def test_a_second_initialize_is_refused_and_starts_nothing(tmp_path: Path) -> None:
    _config(tmp_path)
    client = RawClient(tmp_path)
    try:
        client.initialize()
        client.request("workspace/executeCommand", {"command": "portlint.recheck"})  # started and settled
        threads = psutil.Process(client.process.pid).num_threads()
        for _ in range(6):
            again = client.request("initialize", {"processId": None, "rootUri": Path("/").as_uri(), "capabilities": {}})
            assert _error_code(again) == INVALID_REQUEST, again
            client.send("initialized", {}, request=False)
        recheck = client.request("workspace/executeCommand", {"command": "portlint.recheck"})
        assert [folder["root"] for folder in recheck["result"]["folders"]] == [str(tmp_path)]  # not re-rooted
        # No second poller or watcher (one walk thread may still be on its way out).
        assert psutil.Process(client.process.pid).num_threads() <= threads + 1
    finally:
        client.kill()
