"""workspace/didChangeConfiguration: new settings take effect at once."""

from __future__ import annotations

from lsprotocol import types as lsp

from ..server import PortlintServer
from ..settings import read_settings


def register(server: PortlintServer) -> None:
    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: PortlintServer, params: lsp.DidChangeConfigurationParams) -> None:
        previous = ls.settings
        ls.settings = read_settings(params.settings, previous)
        if ls.settings.poll_interval_ms != previous.poll_interval_ms and ls.background is not None:
            listeners = ls.background.listeners
            if listeners is not None:
                listeners.interval = ls.settings.poll_interval_ms / 1000
        for session in ls.sessions.values():
            session.set_settings(ls.settings.core)
        ls.mark_dirty(ls.sessions)
