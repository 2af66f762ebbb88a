"""End to end: a real server process, a real client, real listening processes on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.holders import airplay_standin, free_port_both

from .harness import has, lacks, running_server, uri, wait_for_diagnostics
from .workspace_edit import apply_workspace_edit

pytestmark = pytest.mark.asyncio(loop_scope="function")

HELD = "port-held-by-foreign-process"


def firebase_workspace(tmp_path: Path, port: int) -> Path:
    (tmp_path / "firebase.json").write_text(
        '{"hosting": {},\n  "emulators": {\n    "hosting": { "port": %d },\n    "ui": { "enabled": false }\n  }\n}\n'
        % port
    )
    return tmp_path / "firebase.json"


def port_range(path: Path, port: int) -> lsp.Range:
    for line_number, line in enumerate(path.read_text().splitlines()):
        column = line.find(str(port))
        if column >= 0:
            return lsp.Range(
                start=lsp.Position(line=line_number, character=column),
                end=lsp.Position(line=line_number, character=column + len(str(port))),
            )
    raise AssertionError(f"{port} not in {path}")


async def test_a_foreign_listener_is_reported_on_the_port_token_and_cleared_when_it_leaves(tmp_path: Path) -> None:
    port = free_port_both()
    config = firebase_workspace(tmp_path, port)
    async with running_server(tmp_path) as client:
        with airplay_standin(port, host="127.0.0.1") as holder:
            diagnostics = await wait_for_diagnostics(client, config, has(HELD))
            (held,) = [d for d in diagnostics if d.code == HELD]
            assert held.range == port_range(config, port)
            assert held.severity == lsp.DiagnosticSeverity.Error
            assert held.source == "portlint"
            assert f"ControlCenter (pid {holder.pid}" in held.message
            assert held.code_description is not None and held.code_description.href.endswith("#" + HELD)
        # The stand-in is gone: no edit, the diagnostic goes by itself.
        assert list(await wait_for_diagnostics(client, config, lacks(HELD))) == []


async def test_the_quick_fix_moves_the_service_to_a_port_that_is_really_free(tmp_path: Path) -> None:
    port = free_port_both()
    config = firebase_workspace(tmp_path, port)
    with airplay_standin(port, host="127.0.0.1"):
        async with running_server(tmp_path) as client:
            diagnostics = await wait_for_diagnostics(client, config, has(HELD))
            held = next(d for d in diagnostics if d.code == HELD)
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri(config)),
                    range=held.range,
                    context=lsp.CodeActionContext(diagnostics=[held]),
                )
            )
            assert actions
            (switch,) = [a for a in actions if isinstance(a, lsp.CodeAction) and a.is_preferred]
            assert switch.title.startswith("Switch to free port ")
            new_port = int(switch.title.rsplit(" ", 1)[1])
            assert switch.edit is not None
            apply_workspace_edit(switch.edit)
            assert f'"port": {new_port}' in config.read_text()
            # The watcher sees the change on disk; the diagnostic goes.
            await wait_for_diagnostics(client, config, lacks(HELD))
    checked = subprocess.run(
        [sys.executable, "-m", "portlint", "check", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(checked.stdout)["findings"] == []
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", new_port))  # the new port is really free


async def test_half_typed_json_keeps_the_last_good_findings(tmp_path: Path) -> None:
    port = free_port_both()
    config = firebase_workspace(tmp_path, port)
    with airplay_standin(port, host="127.0.0.1"):
        async with running_server(tmp_path) as client:
            await wait_for_diagnostics(client, config, has(HELD))
            client.text_document_did_open(
                lsp.DidOpenTextDocumentParams(
                    text_document=lsp.TextDocumentItem(
                        uri=uri(config), language_id="json", version=1, text=config.read_text()
                    )
                )
            )
            broken = '{"hosting": {},\n  "emulators": {\n    "hosting": { "port": %d' % port
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(config), version=2),
                    content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=broken)],
                )
            )
            # A request after the change: the server has handled version 2 when it answers.
            await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="portlint.showPortMap"))
            kept = client.diagnostics[uri(config)]
            assert HELD in {d.code for d in kept}
            assert "config-unreadable" not in {d.code for d in kept}
            other = free_port_both()
            fixed = config.read_text().replace(str(port), str(other))
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(config), version=3),
                    content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=fixed)],
                )
            )
            # Version 3 parses again, on a free port: the finding goes.
            await wait_for_diagnostics(client, config, lacks(HELD))
