"""workspace/didChangeWorkspaceFolders: folders added to or removed from a multi-root workspace."""

from __future__ import annotations

import os
from collections.abc import Sequence

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(ls: PortlintServer, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        await ls.state.settled()
        ls.state.remove_folders(_paths(params.event.removed))
        if ls.state.started:  # before `initialized`, the start-up reads pygls's folders, these included
            await ls.state.add_folders(_paths(params.event.added))


def _paths(folders: Sequence[lsp.WorkspaceFolder]) -> list[str]:
    return [os.path.abspath(path) for path in (to_fs_path(f.uri) for f in folders) if path]
