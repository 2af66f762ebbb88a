"""A folder added later is read like the first ones (the editor's unsaved text wins over the disk), and the
`live` and `pollInterval` settings take effect while the server runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.holders import airplay_standin, free_port_both

from .harness import has, lacks, running_server, uri, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="function")

HELD = "port-held-by-foreign-process"
TWICE = "port-claimed-twice"


async def test_a_folder_added_later_reads_the_editors_unsaved_text(tmp_path: Path) -> None:
    first, added = tmp_path / "first", tmp_path / "added"
    first.mkdir()
    added.mkdir()
    port = free_port_both()
    (added / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    config = added / "firebase.json"
    config.write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % free_port_both())
    async with running_server(first) as client:
        await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="portlint.recheck"))
        unsaved = '{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % port  # edited, not saved: Flask's port
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri(config), language_id="json", version=3, text=unsaved)
            )
        )
        client.workspace_did_change_workspace_folders(
            lsp.DidChangeWorkspaceFoldersParams(
                event=lsp.WorkspaceFoldersChangeEvent(
                    added=[lsp.WorkspaceFolder(uri=uri(added), name=added.name)], removed=[]
                )
            )
        )
        # The disk says another port; the editor's text, which the folder's start-up must read, says Flask's.
        await wait_for_diagnostics(client, config, has(TWICE))


async def test_live_can_be_switched_off_and_on_at_runtime(tmp_path: Path) -> None:
    port = free_port_both()
    config = tmp_path / ".flaskenv"
    config.write_text(f"FLASK_RUN_PORT={port}\n")
    with airplay_standin(port, host="127.0.0.1"):
        async with running_server(tmp_path) as client:
            await wait_for_diagnostics(client, config, has(HELD))
            client.workspace_did_change_configuration(
                lsp.DidChangeConfigurationParams(settings={"portlint": {"live": False}})
            )
            await wait_for_diagnostics(client, config, lacks(HELD))
            client.workspace_did_change_configuration(
                lsp.DidChangeConfigurationParams(settings={"portlint": {"live": True}})
            )
            await wait_for_diagnostics(client, config, has(HELD))


async def test_a_shorter_poll_interval_takes_effect_at_once(tmp_path: Path) -> None:
    port = free_port_both()
    config = tmp_path / ".flaskenv"
    config.write_text(f"FLASK_RUN_PORT={port}\n")
    slow = {"settings": {"pollInterval": 60_000}}  # a minute between looks: longer than any wait here
    async with running_server(tmp_path, slow) as client:
        await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="portlint.recheck"))
        assert not client.diagnostics.get(uri(config))
        with airplay_standin(port, host="127.0.0.1"):
            client.workspace_did_change_configuration(
                lsp.DidChangeConfigurationParams(settings={"portlint": {"pollInterval": 100}})
            )
            await wait_for_diagnostics(client, config, has(HELD))
