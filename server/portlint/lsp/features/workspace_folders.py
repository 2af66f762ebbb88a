"""workspace/didChangeWorkspaceFolders: folders added to or removed from a multi-root workspace."""

from __future__ import annotations

import asyncio
import os

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(ls: PortlintServer, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        await ls.ready.wait()
        from ...session import Session

        for folder in params.event.removed:
            root = os.path.abspath(to_fs_path(folder.uri) or "")
            if ls.sessions.pop(root, None) is not None:
                ls.reports.pop(root, None)
                for path in [p for p in ls.published if p == root or p.startswith(root.rstrip(os.sep) + os.sep)]:
                    ls.published.pop(path)
                    ls.send_diagnostics(path, [])
        loop = asyncio.get_running_loop()
        for folder in params.event.added:
            root = os.path.abspath(to_fs_path(folder.uri) or "")
            if root in ls.sessions:
                continue
            session = Session(root, ls.settings.core, dict(os.environ))
            await loop.run_in_executor(None, session.scan)
            if ls.background is not None and ls.background.listeners is not None:
                session.set_snapshot(ls.background.listeners.snapshot)
            ls.sessions[root] = session
        ls.watch_config_folders()
        ls.mark_dirty(ls.sessions)
