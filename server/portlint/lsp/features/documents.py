"""Open, changed, saved and closed documents: the editor's text is what portlint reads while it is open."""

from __future__ import annotations

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PortlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri, params.text_document.version)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PortlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri, params.text_document.version)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PortlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is not None:
            ls.disk_stamps.pop(path, None)  # the editor's text is on disk now; nothing new to read

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PortlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is None:
            return
        ls.versions.pop(path, None)
        session = ls.session_for(path)
        if session is not None and session.document_closed(path):
            ls.mark_dirty([session.root])
        elif path in ls.published:
            # Republish without a version: the findings stay (the file still exists), the version is gone.
            ls.send_diagnostics(path, ls.published[path])


def _changed(ls: PortlintServer, uri: str, version: int) -> None:
    path = to_fs_path(uri)
    if path is None:
        return
    session = ls.session_for(path)
    if session is None:
        return
    ls.versions[path] = version
    text = ls.workspace.get_text_document(uri).source
    if session.document_changed(path, text):
        ls.mark_dirty([session.root])
