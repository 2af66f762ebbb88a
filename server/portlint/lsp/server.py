"""The language server: pygls wired to portlint's state (`state.py`), and the process's lifecycle — the editor
watched from `initialize` on, every way out ending at once, one TCP client at a time.

Imports no feature: `app.create_server` puts the two together."""

from __future__ import annotations

import asyncio
import logging
import os
import threading

from lsprotocol import types as lsp
from pygls.io_ import run_async
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from .parent import ParentWatch
from .protocol import PortlintProtocol
from .state import ServerState

log = logging.getLogger(__name__)


class PortlintServer(LanguageServer):
    protocol: PortlintProtocol

    def __init__(self) -> None:
        super().__init__(
            "portlint",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=PortlintProtocol,
        )
        self.state = ServerState(self)
        self.parent_watch: ParentWatch | None = None

    def watch_parent(self, pid: int | None) -> None:
        """From `initialize` on (not after the first walk): the editor gone means we go."""
        if pid is not None and self.parent_watch is None:
            self.parent_watch = ParentWatch(pid)
            self.parent_watch.start()

    def roots_from_initialize(self) -> list[str]:
        folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        if not folders and self.workspace.root_path:
            folders = [self.workspace.root_path]
        return [os.path.abspath(f) for f in folders if f]

    # ---- the editor, as the state sees it ------------------------------------------------------------

    def open_documents(self) -> dict[str, str]:
        return {to_fs_path(doc_uri) or doc_uri: doc.source for doc_uri, doc in self.workspace.text_documents.items()}

    def version_of(self, path: str) -> int | None:
        for doc_uri, document in self.workspace.text_documents.items():
            if to_fs_path(doc_uri) == path:
                version: int | None = document.version
                return version
        return None

    def send_diagnostics(self, path: str, diagnostics: list[lsp.Diagnostic], version: int | None) -> None:
        from .convert import uri

        try:
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri(path), diagnostics=diagnostics, version=version)
            )
        except (BrokenPipeError, ConnectionError, OSError):
            log.info("portlint: the client is gone; stopping")
            self.state.stop()

    # ---- stopping ------------------------------------------------------------------------------------

    @property
    def shut_down(self) -> bool:
        """Whether the client asked for `shutdown` (pygls keeps the flag on its protocol)."""
        return bool(getattr(self.protocol, "_shutdown", False))

    def stop_background(self) -> None:
        self.state.stop()

    def shutdown(self) -> None:
        """pygls's, without waiting for its thread pool: one of its threads may be blocked reading stdin
        (after `exit`, the client need not close it), and nothing else of ours runs there."""
        self.state.stop()
        if self._stop_event is not None:
            self._stop_event.set()
        if self._thread_pool is not None:
            self._thread_pool.shutdown(wait=False, cancel_futures=True)
        if self._server is not None:
            self._server.close()

    # ---- TCP -----------------------------------------------------------------------------------------

    def start_tcp(self, host: str, port: int) -> None:
        """Serve one client over TCP. A connection that closes before `initialize` (a port scan, a health
        check) is not a client: the server keeps waiting for one. Connections take turns: one made while
        another is served waits, and is closed when the client's session ends the server, as on stdio."""
        self._stop_event = stop_event = threading.Event()
        turn = asyncio.Lock()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            async with turn:
                if not stop_event.is_set():
                    await self._serve_connection(reader, writer, stop_event)
            writer.close()

        async def serve() -> None:
            self._server = await asyncio.start_server(connection, host, port)
            for listening in self._server.sockets:
                log.info("portlint: serving on %s", listening.getsockname())
            async with self._server:
                await self._server.serve_forever()

        try:
            asyncio.run(serve())
        except (asyncio.CancelledError, KeyboardInterrupt, SystemExit):  # SystemExit: pygls's `exit`, as on stdio
            log.debug("portlint: the TCP server stopped")

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, stop_event: threading.Event
    ) -> None:
        self.protocol.set_writer(writer)
        try:
            await run_async(stop_event, reader, self.protocol, log, self.report_server_error)
        except (ConnectionError, OSError) as error:
            log.info("portlint: the connection failed: %s", error)
        if self.protocol.initialize_seen:
            self.shutdown()  # the client's session is over
        else:
            log.info("portlint: a connection closed before initialize; waiting for a client")
