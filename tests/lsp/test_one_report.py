"""The editor's hover, port map and status item read the same report as the diagnostics: `neverForeign`
and `ignoredPorts` hold there too (before, the status bar kept warning "held by docker-proxy")."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.holders import free_port_both, listener

from .harness import running_server, uri
from .test_live_diagnostics import port_range

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_never_foreign_and_ignored_ports_reach_hover_and_port_map(tmp_path: Path) -> None:
    held, ignored = free_port_both(), free_port_both()
    config = tmp_path / "firebase.json"
    config.write_text(
        '{"hosting": {},\n  "emulators": {\n    "hosting": { "port": %d },\n    "auth": { "port": %d },\n'
        '    "ui": { "enabled": false }\n  }\n}\n' % (held, ignored)
    )
    options = {"settings": {"pollInterval": 100, "neverForeign": ["docker-proxy"], "ignoredPorts": [ignored]}}
    with listener("127.0.0.1", held, name="docker-proxy") as proxy:
        async with running_server(tmp_path, options) as client:
            answer = await client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="portlint.showPortMap")
            )
            (folder,) = answer["folders"]
            ports = [c["port"] for c in folder["claims"]]
            assert held in ports and ignored not in ports  # the ignored port is not shown (beside the hub's)
            (claim,) = [c for c in folder["claims"] if c["port"] == held]
            assert claim["holders"] == [proxy.pid] and claim["side"] == "ours"
            assert [(h["process"], h["ours"]) for h in folder["listeners"]] == [("docker-proxy", True)]
            assert folder["problems"] == 0
            hover = await client.text_document_hover_async(
                lsp.HoverParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri(config)),
                    position=port_range(config, held).start,
                )
            )
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert "docker-proxy" in hover.contents.value
            assert "ours (runs from this workspace)" in hover.contents.value
            assert "foreign" not in hover.contents.value
            assert uri(config) not in client.diagnostics or not client.diagnostics[uri(config)]
