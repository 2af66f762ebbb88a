"""The language server: its state, and the work every feature shares — which session a file belongs to,
recomputing after a change, and publishing only what changed."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from .protocol import PortlintProtocol
from .settings import ServerSettings

if TYPE_CHECKING:  # the analysis is imported on first use: `initialize` must answer as fast as bare pygls
    from ..check import Report
    from ..session import Session

log = logging.getLogger(__name__)

# Recomputes run at once, but not closer together than this: an edit storm (hundreds of didChange a
# second) coalesces into at most one recompute per interval, while typing is answered immediately.
COALESCE_SECONDS = 0.005


class PortlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "portlint",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=PortlintProtocol,
        )
        self.settings = ServerSettings()
        self.sessions: dict[str, Session] = {}
        self.reports: dict[str, Report] = {}  # root -> the last report, with its fixes
        self.published: dict[str, list[lsp.Diagnostic]] = {}  # path -> what the client shows now
        self.versions: dict[str, int] = {}  # path -> version of the open document
        self.disk_stamps: dict[str, tuple[int, int]] = {}  # path -> (mtime_ns, size) last read from disk
        self.dirty: set[str] = set()  # roots to recompute
        self._recompute: asyncio.Handle | asyncio.TimerHandle | None = None
        self._last_recompute = 0.0
        self.stopping = False
        self.background: Any = None  # the live poller and the file watcher (set up after `initialized`)
        self.parent_pid: int | None = None  # the editor's pid, from `initialize`
        self.ready = asyncio.Event()  # set once every workspace has been read and first looked at

    # ---- sessions ----------------------------------------------------------------------------------

    def roots_from_initialize(self) -> list[str]:
        folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        if not folders and self.workspace.root_path:
            folders = [self.workspace.root_path]
        return [os.path.abspath(f) for f in folders if f]

    def session_for(self, path: str) -> Session | None:
        best: Session | None = None
        for root, session in self.sessions.items():
            if (path == root or path.startswith(root.rstrip(os.sep) + os.sep)) and (
                best is None or len(root) > len(best.root)
            ):
                best = session
        return best

    async def start_sessions(self, parent_pid: int | None) -> None:
        """After `initialized`: read every workspace, start watching, publish the first findings."""
        from ..session import Session
        from .background import Background

        for root in self.roots_from_initialize():
            self.sessions[root] = Session(root, self.settings.core, dict(os.environ))
        loop = asyncio.get_running_loop()
        for session in self.sessions.values():
            await loop.run_in_executor(None, session.scan)  # a walk of the tree: off the event loop
            for path, text in self.open_text().items():
                if self.session_for(path) is session:
                    session.document_changed(path, text)
        self.background = Background(self, loop, parent_pid)
        snapshot = await loop.run_in_executor(None, self.background.start)
        self.watch_config_folders()
        for session in self.sessions.values():
            session.set_snapshot(snapshot)
        self.mark_dirty(self.sessions)
        self.recompute_now()
        self.ready.set()

    def open_text(self) -> dict[str, str]:
        return {to_fs_path(doc_uri) or doc_uri: doc.source for doc_uri, doc in self.workspace.text_documents.items()}

    def watch_config_folders(self) -> None:
        if self.background is None:
            return
        folders = set(self.sessions)
        for session in self.sessions.values():
            folders.update(os.path.dirname(path) for path in session.files.paths())
        self.background.watch_folders(folders)

    # ---- news from outside ---------------------------------------------------------------------------

    def listeners_changed(self, snapshot: Any) -> None:
        for session in self.sessions.values():
            session.set_snapshot(snapshot)
        self.mark_dirty(self.sessions)

    def file_changed_on_disk(self, path: str) -> None:
        """From watchdog or `workspace/didChangeWatchedFiles`: whichever comes second finds the same stamp
        and does nothing."""
        session = self.session_for(path)
        if session is None or not session.is_config(path):
            return
        stamp = _stamp(path)
        if stamp is not None and self.disk_stamps.get(path) == stamp:
            return
        if stamp is None:
            self.disk_stamps.pop(path, None)
        else:
            self.disk_stamps[path] = stamp
        if session.disk_changed(path):
            self.watch_config_folders()
            self.mark_dirty([session.root])

    # ---- recomputing -------------------------------------------------------------------------------

    def mark_dirty(self, roots: Iterable[str]) -> None:
        """Ask for a recompute of these roots soon; bursts of edits coalesce into one."""
        self.dirty.update(roots)
        if self._recompute is not None or self.stopping:
            return
        loop = asyncio.get_running_loop()
        wait = max(0.0, self._last_recompute + COALESCE_SECONDS - loop.time())
        if wait > 0:
            self._recompute = loop.call_later(wait, self.recompute_now)
        else:
            self._recompute = loop.call_soon(self.recompute_now)

    def recompute_now(self) -> None:
        if self._recompute is not None:
            self._recompute.cancel()
        self._recompute = None
        if self.stopping:
            return
        self._last_recompute = asyncio.get_running_loop().time()
        roots, self.dirty = self.dirty, set()
        for root in roots:
            session = self.sessions.get(root)
            if session is None:
                continue
            try:
                report = session.report()
            except Exception:  # a bug in one check must not take the server down
                log.exception("portlint: checking %s failed", root)
                continue
            self.reports[root] = report
            self.publish(session, report)

    # ---- publishing ---------------------------------------------------------------------------------

    def publish(self, session: Session, report: Report) -> None:
        """Publish the diagnostics of every file whose diagnostics changed, and clear files that have none
        any more."""
        from .convert import diagnostic

        by_file: dict[str, list[lsp.Diagnostic]] = {}
        for finding in report.findings:
            by_file.setdefault(finding.location.file, []).append(diagnostic(finding))
        mine = {path for path in self.published if self.session_for(path) is session}
        for path in sorted(set(by_file) | mine):
            diagnostics = by_file.get(path, [])
            if self.published.get(path) == diagnostics:
                continue
            self.published[path] = diagnostics
            if not diagnostics:
                # typos-lsp explains why: an empty list is how a client learns that a file is clean again
                self.published.pop(path)
            self.send_diagnostics(path, diagnostics)

    def send_diagnostics(self, path: str, diagnostics: list[lsp.Diagnostic]) -> None:
        if self.stopping:
            return
        from .convert import uri

        try:
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri(path), diagnostics=diagnostics, version=self.versions.get(path))
            )
        except (BrokenPipeError, ConnectionError, OSError):
            log.info("portlint: the client is gone; stopping")
            self.stop_background()

    # ---- stopping ------------------------------------------------------------------------------------

    @property
    def shut_down(self) -> bool:
        """Whether the client asked for `shutdown` (pygls keeps the flag on its protocol)."""
        return bool(getattr(self.protocol, "_shutdown", False))

    def stop_background(self) -> None:
        self.stopping = True
        if self._recompute is not None:
            self._recompute.cancel()
            self._recompute = None
        if self.background is not None:
            self.background.stop()
            self.background = None


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def create_server() -> PortlintServer:
    from .features import register_all

    server = PortlintServer()
    register_all(server)
    return server
