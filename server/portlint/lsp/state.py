"""The language server's state and its one owner.

Every piece of mutable server state — the settings, one `Session` per workspace folder, the last report of
each, what the client shows now, the disk stamps, the watcher threads — lives here and changes only through
these methods, on the event loop. Feature handlers translate LSP into calls to them.

Invariants:
- One start-up routine (`add_folders`) reads a folder for `initialized`, for a folder added later and for
  `recheck`: walk off the loop, then swap in with the editor's open documents as they are at that moment.
- No lock is held and nothing shared is touched while a tree is walked; an edit meanwhile is answered at once
  and survives the swap.
- A folder is published only once its first walk is in; a stale walk (a later one started, the folder
  removed, the server stopping) is dropped.
- Blocking work runs on daemon threads (`off_loop`): `exit` never waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Coroutine, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from .off_loop import off_loop
from .published import Editor, Published
from .settings import ServerSettings, read_settings

if TYPE_CHECKING:  # the analysis is imported on first use: `initialize` must answer as fast as bare pygls
    from ..check import Report
    from ..core.model import Snapshot
    from ..session import Session
    from .background import Background

log = logging.getLogger(__name__)

# Recomputes run at once, but not closer together than this: an edit storm (hundreds of didChange a
# second) coalesces into at most one recompute per interval, while typing is answered immediately.
COALESCE_SECONDS = 0.005


class ServerState:
    def __init__(self, editor: Editor, environ: Mapping[str, str] | None = None) -> None:
        self.editor = editor
        self.environ = dict(os.environ if environ is None else environ)
        self.settings = ServerSettings()
        self.sessions: dict[str, Session] = {}
        self.reports: dict[str, Report] = {}  # root -> the last report, with its fixes
        self.published = Published(editor)  # what the client shows now
        self.snapshot: Snapshot | None = None  # the last look at listeners (None: live is off)
        self.background: Background | None = None  # the watcher threads, from `start` on
        self.started = False  # `start` ran (a second `initialized` does nothing)
        self.stopping = False
        self.ready = asyncio.Event()  # the first start-up is done (or the server is stopping)
        self._disk_stamps: dict[str, tuple[int, int]] = {}  # path -> (mtime_ns, size) last read from disk
        self._dirty: set[str] = set()  # roots to recompute
        self._recompute: asyncio.Handle | None = None
        self._last_recompute = 0.0
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- start-up and folders ------------------------------------------------------------------------

    async def start(self, roots: Iterable[str]) -> None:
        """After `initialized`: start watching, read every folder, publish the first findings."""
        if self.started:
            return
        self.started = True
        from .background import Background

        try:
            self.background = Background(asyncio.get_running_loop(), self.listeners_changed, self.file_changed_on_disk)
            self.background.start_files()
            await self._follow_live()
            await self.add_folders(roots)
        finally:
            self.ready.set()  # even when start-up failed: a request waiting for it is answered

    async def settled(self) -> None:
        """Wait for the first start-up, if it is under way; answer at once otherwise (before `initialized`
        a request is answered from what is known: nothing)."""
        if self.started:
            await self.ready.wait()

    async def add_folders(self, roots: Iterable[str]) -> None:
        """The one start-up routine: read these folders (walks off the loop, in parallel) and publish."""
        from ..session import Session

        added = []
        for root in dict.fromkeys(os.path.abspath(r) for r in roots):
            if root not in self.sessions:
                self.sessions[root] = Session(root, self.settings.core, self.environ)
                added.append(self.sessions[root])
        await asyncio.gather(*(self._walk(session) for session in added))
        self._after_walks()

    def remove_folders(self, roots: Iterable[str]) -> None:
        for root in (os.path.abspath(r) for r in roots):
            session = self.sessions.get(root)
            if session is None:
                continue
            shown = [path for path in self.published.shown if self.session_for(path) is session]
            del self.sessions[root]
            self.reports.pop(root, None)
            self.published.clear(shown)
        self.watch_config_folders()
        self.mark_dirty(self.sessions)  # a folder's files may belong to an enclosing folder now

    async def recheck(self) -> None:
        """Look at listeners and read every folder again; publish at once."""
        await self.settled()
        if self.background is not None and self.background.listeners is not None:
            snapshot = await off_loop(self.background.look_now)
            if snapshot is not None and not self.stopping:
                self.listeners_changed(snapshot)
        self._disk_stamps.clear()
        await asyncio.gather(*(self._walk(session) for session in list(self.sessions.values())))
        self._after_walks()

    async def _walk(self, session: Session) -> None:
        ticket = session.begin_scan()
        try:
            files = await off_loop(session.scan_files)
        except Exception:  # a bug in one walk must not take the other folders or the server down
            log.exception("portlint: reading %s failed", session.root)
            return
        if self.stopping or self.sessions.get(session.root) is not session:
            return  # removed or stopping meanwhile: the result is nobody's
        open_now = self.editor.open_documents().items()
        documents = {path: text for path, text in open_now if self.session_for(path) is session}
        session.set_snapshot(self.snapshot)
        session.finish_scan(ticket, files, documents)

    def _after_walks(self) -> None:
        if self.stopping:
            return
        self.watch_config_folders()
        self.mark_dirty(self.sessions)
        self.recompute_now()  # a request after this routine finds the folders' reports

    def session_for(self, path: str) -> Session | None:
        """The session of the innermost folder holding `path`."""
        best: Session | None = None
        for root, session in self.sessions.items():
            if (path == root or path.startswith(root.rstrip(os.sep) + os.sep)) and (
                best is None or len(root) > len(best.root)
            ):
                best = session
        return best

    def report_for(self, path: str) -> Report | None:
        session = self.session_for(path)
        return self.reports.get(session.root) if session is not None else None

    def watch_config_folders(self) -> None:
        if self.background is None:
            return
        folders = set(self.sessions)
        for session in self.sessions.values():
            folders.update(os.path.dirname(path) for path in session.files.watched_paths())
        self.background.watch_folders(folders)

    # ---- the editor's documents ----------------------------------------------------------------------

    def change_document(self, path: str, text: str) -> None:
        """Opened or changed: the editor's text is what portlint reads while it is open."""
        session = self.session_for(path)
        if session is not None and session.document_changed(path, text):
            self.mark_dirty([session.root])

    def save_document(self, path: str) -> None:
        self._disk_stamps.pop(path, None)  # the editor's text is on disk now; nothing new to read

    def close_document(self, path: str) -> None:
        session = self.session_for(path)
        if session is not None and session.document_closed(path):
            self.mark_dirty([session.root])
        else:  # the findings stay (the file still exists); the version is gone
            self.published.again(path)

    # ---- news from outside ---------------------------------------------------------------------------

    def listeners_changed(self, snapshot: Snapshot | None) -> None:
        self.snapshot = snapshot
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
        if stamp is not None and self._disk_stamps.get(path) == stamp:
            return
        if stamp is None:
            self._disk_stamps.pop(path, None)
        else:
            self._disk_stamps[path] = stamp
        if session.disk_changed(path):
            self.watch_config_folders()
            self.mark_dirty([session.root])

    # ---- settings --------------------------------------------------------------------------------------

    def apply_settings(self, raw: object) -> None:
        """New settings take effect at once, `live` and `pollInterval` included."""
        previous, self.settings = self.settings, read_settings(raw, self.settings)
        for session in self.sessions.values():
            session.set_settings(self.settings.core)
        if self.background is not None:
            if self.settings.live != previous.live:
                self._in_background(self._follow_live())
            elif self.settings.poll_interval_ms != previous.poll_interval_ms:
                self.background.set_interval(self.settings.poll_interval_ms / 1000)
        self.mark_dirty(self.sessions)

    async def _follow_live(self) -> None:
        """Start or stop the listener watch to match `live`."""
        background = self.background
        if background is None:
            return
        if not self.settings.live:
            if background.listeners is not None:
                background.stop_listeners()
                self.listeners_changed(None)
            return
        if background.listeners is not None:
            return
        watch = background.new_listeners(self.settings.poll_interval_ms / 1000)
        snapshot = await off_loop(watch.start)  # the first full look blocks: off the loop
        if background.listeners is watch and not self.stopping:
            self.listeners_changed(snapshot)

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- recomputing and publishing ------------------------------------------------------------------

    def mark_dirty(self, roots: Iterable[str]) -> None:
        """Ask for a recompute of these roots soon; bursts of edits coalesce into one."""
        self._dirty.update(roots)
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
        roots, self._dirty = self._dirty, set()
        for root in roots:
            session = self.sessions.get(root)
            if session is None or not session.scanned:
                continue  # its walk is not in yet: it publishes when it is
            try:
                report = session.report()  # with every fix: the report attaches them
            except Exception:  # a bug in one check must not take the server down
                log.exception("portlint: checking %s failed", root)
                continue
            self.reports[root] = report
            self.publish(session, report)

    def publish(self, session: Session, report: Report) -> None:
        """Publish the diagnostics of every file of this folder whose diagnostics changed."""
        from .convert import diagnostic

        by_file: dict[str, list[lsp.Diagnostic]] = {}
        for finding in report.findings:
            by_file.setdefault(finding.location.file, []).append(diagnostic(finding))
        self.published.show(by_file, [path for path in self.published.shown if self.session_for(path) is session])

    # ---- stopping ------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop every thread and timer; publish nothing more. Waiters on `ready` are released."""
        self.stopping = True
        self.published.muted = True
        if self._recompute is not None:
            self._recompute.cancel()
            self._recompute = None
        if self.background is not None:
            self.background.stop()
            self.background = None
        with contextlib.suppress(RuntimeError):  # called after the loop closed: nobody waits any more
            self.ready.set()


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)
