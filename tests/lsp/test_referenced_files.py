"""Files a config names are loaded and watched like configs: the Cloud Functions source firebase.json's
rewrites lead to (`functions/index.js`). Editing it, in the editor or on disk, refreshes the finding on
firebase.json. A real server process and a real client; no live listeners needed (the finding is static)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from portlint.core.codes import CONFIG_UNREADABLE, CORS_HEADER_ADDED_BY_PROXY

from .harness import has, lacks, running_server, uri, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="function")

FIREBASE = """{
  "hosting": {
    "headers": [{"source": "/api/**", "headers": [{"key": "Access-Control-Allow-Origin", "value": "*"}]}],
    "rewrites": [{"source": "/api/**", "function": "api"}]
  }
}
"""
WITH_CORS = """const functions = require("firebase-functions");
const express = require("express");
const cors = require("cors");
const app = express();
app.use(cors({ origin: true }));
exports.api = functions.https.onRequest(app);
"""
WITHOUT_CORS = WITH_CORS.replace("app.use(cors({ origin: true }));\n", "")


def workspace(root: Path, functions: str) -> tuple[Path, Path]:
    (root / "firebase.json").write_text(FIREBASE)
    (root / "functions").mkdir()
    (root / "functions" / "index.js").write_text(functions)
    return root / "firebase.json", root / "functions" / "index.js"


async def test_editing_the_functions_source_in_the_editor_refreshes_the_finding(tmp_path: Path) -> None:
    config, source = workspace(tmp_path, WITH_CORS)
    async with running_server(tmp_path) as client:
        await wait_for_diagnostics(client, config, has(CORS_HEADER_ADDED_BY_PROXY))
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri(source), language_id="javascript", version=1, text=WITH_CORS)
            )
        )
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(source), version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=WITHOUT_CORS)],
            )
        )
        await wait_for_diagnostics(client, config, lacks(CORS_HEADER_ADDED_BY_PROXY))
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(source), version=3),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=WITH_CORS)],
            )
        )
        await wait_for_diagnostics(client, config, has(CORS_HEADER_ADDED_BY_PROXY))
    assert source.read_text() == WITH_CORS  # the editor's text was read, the disk left alone


async def test_editing_the_functions_source_on_disk_refreshes_the_finding(tmp_path: Path) -> None:
    config, source = workspace(tmp_path, WITH_CORS)
    async with running_server(tmp_path) as client:
        await wait_for_diagnostics(client, config, has(CORS_HEADER_ADDED_BY_PROXY))
        source.write_text(WITHOUT_CORS)  # watchdog reports it; so does the client's file watcher, below
        client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=uri(source), type=lsp.FileChangeType.Changed)])
        )
        await wait_for_diagnostics(client, config, lacks(CORS_HEADER_ADDED_BY_PROXY))


async def test_a_named_file_created_after_the_first_scan_is_read_when_it_appears(tmp_path: Path) -> None:
    """`--env-file .env.api` names a file no discovery rule knows; it does not exist at first (the command's
    config-unreadable finding), then appears on disk: watchdog's news alone must read it."""
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    package = tmp_path / "package.json"
    package.write_text('{"scripts": {"api": "flask --app app --env-file .env.api run"}}\n')
    async with running_server(tmp_path) as client:
        await wait_for_diagnostics(client, package, has(CONFIG_UNREADABLE))
        (tmp_path / ".env.api").write_text("FLASK_RUN_PORT=5057\n")
        await wait_for_diagnostics(client, package, lacks(CONFIG_UNREADABLE))
