"""The protocol stays out of the log unless the client's trace asks for it (`portlint.trace.server`).

pygls logs every message it sends, payload and all, at INFO, and what it receives at DEBUG: at the log
channel's default level that floods "Show Logs" with JSON. Its loggers stay at WARNING while the trace is
"off"; "messages" or "verbose" (from `initialize` or `$/setTrace`) lets them speak at the server's level.
"""

from __future__ import annotations

import logging

from lsprotocol import types as lsp

from ..server import PortlintServer

PROTOCOL_LOGGER = "pygls"


def follow_trace(value: lsp.TraceValue | str | None) -> None:
    """Quiet the protocol's loggers for trace "off" (or none given); let them follow the server's level else."""
    off = value is None or str(getattr(value, "value", value)) == lsp.TraceValue.Off.value
    logging.getLogger(PROTOCOL_LOGGER).setLevel(logging.WARNING if off else logging.NOTSET)


def register(server: PortlintServer) -> None:
    follow_trace(None)  # from the start: `initialize` itself is not logged in full

    @server.feature(lsp.SET_TRACE)
    def set_trace(ls: PortlintServer, params: lsp.SetTraceParams) -> None:
        follow_trace(params.value)
