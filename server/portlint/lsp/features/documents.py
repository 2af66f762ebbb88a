"""Open, changed, saved and closed documents: the editor's text is what portlint reads while it is open."""

from __future__ import annotations

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PortlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PortlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        _changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PortlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is not None:
            ls.state.save_document(path)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PortlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is not None:
            ls.state.close_document(path)


def _changed(ls: PortlintServer, uri: str) -> None:
    path = to_fs_path(uri)
    if path is not None:
        ls.state.change_document(path, ls.workspace.get_text_document(uri).source)
