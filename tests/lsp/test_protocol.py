"""The server's protocol surface: capabilities, hover, commands, settings, documents, files on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp
from lsprotocol.converters import get_converter

from tests.holders import airplay_standin, free_port_both

from .harness import has, lacks, running_server, uri, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="function")

HERE = Path(__file__).parent
HELD = "port-held-by-foreign-process"
TWICE = "port-claimed-twice"


async def test_initialize_capabilities_match_the_snapshot(tmp_path: Path) -> None:
    async with running_server(tmp_path) as client:
        result = client.initialize_result  # type: ignore[attr-defined]
    actual = get_converter().unstructure(result.capabilities)
    expected_file = HERE / "initialize_capabilities.json"
    if os.environ.get("PORTLINT_UPDATE_EXPECTED") or not expected_file.exists():
        expected_file.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n")
    assert actual == json.loads(expected_file.read_text())
    assert result.server_info.name == "portlint"


async def test_hover_names_the_holder_and_the_other_claims(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % port)
    with airplay_standin(port, host="127.0.0.1") as holder:
        async with running_server(tmp_path) as client:
            await wait_for_diagnostics(client, tmp_path / ".flaskenv", has(HELD))
            hover = await client.text_document_hover_async(
                lsp.HoverParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri(tmp_path / ".flaskenv")),
                    position=lsp.Position(line=0, character=16),
                )
            )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    text = hover.contents.value
    assert f"**Port {port}**" in text
    assert f"ControlCenter (pid {holder.pid}" in text and "**foreign**" in text
    assert "running since" in text and "command line:" in text
    assert "firebase hosting emulator" in text  # the other claim of this port
    assert hover.range == lsp.Range(
        start=lsp.Position(line=0, character=15), end=lsp.Position(line=0, character=15 + len(str(port)))
    )


async def test_hover_on_a_free_port_says_so(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    async with running_server(tmp_path) as client:
        await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="portlint.recheck"))
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri(tmp_path / ".flaskenv")),
                position=lsp.Position(line=0, character=15),
            )
        )
        nothing = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri(tmp_path / ".flaskenv")),
                position=lsp.Position(line=0, character=2),
            )
        )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "**free** right now" in hover.contents.value
    assert nothing is None


async def test_show_port_map_returns_claims_and_holders(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    with airplay_standin(port, host="127.0.0.1") as holder:
        async with running_server(tmp_path) as client:
            result: Any = await client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="portlint.recheck")
            )
            shown: Any = await client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="portlint.showPortMap")
            )
    for table in (result, shown):
        (folder,) = table["folders"]
        assert folder["root"] == str(tmp_path)
        (claim,) = folder["claims"]
        assert claim["port"] == port and claim["holders"] == [holder.pid]
        (listener,) = folder["listeners"]
        assert listener["process"] == "ControlCenter" and listener["ours"] is False


async def test_settings_ignore_ports_and_change_severity_at_runtime(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    config = tmp_path / ".flaskenv"
    options = {"settings": {"pollInterval": 100, "ignoredPorts": [port], "bogusKey": 1}}
    with airplay_standin(port, host="127.0.0.1"):
        async with running_server(tmp_path, options) as client:
            await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="portlint.recheck"))
            assert not client.diagnostics.get(uri(config))  # ignored, and the unknown key did no harm
            client.workspace_did_change_configuration(
                lsp.DidChangeConfigurationParams(
                    settings={"portlint": {"ignoredPorts": [], "severity": {HELD: "warning"}}}
                )
            )
            diagnostics = await wait_for_diagnostics(client, config, has(HELD))
            assert {d.severity for d in diagnostics if d.code == HELD} == {lsp.DiagnosticSeverity.Warning}
            client.workspace_did_change_configuration(
                lsp.DidChangeConfigurationParams(settings={"portlint": {"severity": {HELD: "off"}}})
            )
            await wait_for_diagnostics(client, config, lacks(HELD))


async def test_a_file_changed_on_disk_is_read_again(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    config = tmp_path / "firebase.json"
    config.write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % free_port_both())
    async with running_server(tmp_path) as client:
        # A `git checkout` rewrites firebase.json: now it wants Flask's port.
        config.write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % port)
        await wait_for_diagnostics(client, config, has(TWICE))
        config.unlink()
        await wait_for_diagnostics(client, tmp_path / ".flaskenv", lacks(TWICE))


async def test_open_documents_win_over_the_disk_until_closed(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    config = tmp_path / "firebase.json"
    config.write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % free_port_both())
    async with running_server(tmp_path) as client:
        unsaved = '{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % port
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri(config), language_id="json", version=7, text=unsaved)
            )
        )
        await wait_for_diagnostics(client, config, has(TWICE))
        client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri(config)))
        )
        # Closed without saving: the disk, which never wanted that port, is the truth again.
        await wait_for_diagnostics(client, config, lacks(TWICE))
