"""workspace/didChangeWatchedFiles: the client's view of changes on disk (watchdog gives the same news;
whichever arrives second finds nothing new)."""

from __future__ import annotations

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: PortlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path is not None:
                ls.state.file_changed_on_disk(path)
