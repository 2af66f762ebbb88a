"""workspace/didChangeConfiguration: new settings take effect at once (`live` and `pollInterval` too)."""

from __future__ import annotations

from lsprotocol import types as lsp

from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: PortlintServer, params: lsp.DidChangeConfigurationParams) -> None:
        ls.state.apply_settings(params.settings)
