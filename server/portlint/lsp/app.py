"""The language server put together: the server and every feature. The features import the server; the
server imports no feature; only this module (and the command line, through it) sees both."""

from __future__ import annotations

from .features import register_all
from .server import PortlintServer


def create_server() -> PortlintServer:
    server = PortlintServer()
    register_all(server)
    return server
