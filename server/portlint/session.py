"""A long-lived check of one workspace, for the language server: files kept and re-read one at a time,
the editor's unsaved text preferred over the disk, the last snapshot of listeners kept between looks.

Knows nothing of LSP. A walk of the tree holds no lock and touches nothing shared: `scan_files` fills a fresh
`WorkspaceFiles` (on a worker thread), and `finish_scan` swaps it in (on the caller's thread), after applying
the editor's open documents and the files that changed on disk meanwhile. Everything else is quick and
takes the lock, so an edit never waits for a walk.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping

from .check import Report, build_report
from .core.facts import Fact
from .core.model import Settings, Snapshot
from .workspace.files import WorkspaceFiles


class Session:
    def __init__(self, root: str, settings: Settings | None = None, environ: Mapping[str, str] | None = None):
        self.root = os.path.abspath(root)
        self.settings = settings or Settings()
        self.environ = dict(environ or {})
        self.files = WorkspaceFiles(self.root)
        self.open_documents: dict[str, str] = {}  # path -> the editor's text
        self.snapshot: Snapshot | None = None
        self.scanned = False  # a first walk has been swapped in
        self._lock = threading.RLock()
        self._scans = 0  # tickets: only the latest walk started is swapped in
        self._changed_meanwhile: set[str] | None = None  # disk changes seen while a walk runs

    # ---- walking the tree ----------------------------------------------------------------------------

    def scan(self) -> None:
        """Walk and swap in one go (for callers that own the thread)."""
        ticket = self.begin_scan()
        self.finish_scan(ticket, self.scan_files())

    def begin_scan(self) -> int:
        with self._lock:
            self._scans += 1
            self._changed_meanwhile = set()
            return self._scans

    def scan_files(self) -> WorkspaceFiles:
        """Walk the tree into a fresh files object: no lock, nothing shared (run it on a worker thread)."""
        files = WorkspaceFiles(self.root)
        files.scan()
        return files

    def finish_scan(self, ticket: int, files: WorkspaceFiles, documents: Mapping[str, str] | None = None) -> bool:
        """Swap a walk's result in, unless a later walk was started. `documents`: the editor's open documents
        of this workspace (the editor's text wins over what the walk read); by default the ones already
        known. False when the result was stale and dropped."""
        with self._lock:
            if ticket != self._scans:
                return False
            if documents is not None:
                self.open_documents = dict(documents)
            for path, text in self.open_documents.items():
                files.update(path, text)
            for path in (self._changed_meanwhile or set()) - set(self.open_documents):
                if os.path.exists(path):
                    files.update(path)
                else:
                    files.remove(path)
            self._changed_meanwhile = None
            self.files = files
            self.scanned = True
            return True

    # ---- the editor's documents --------------------------------------------------------------------

    def document_changed(self, path: str, text: str) -> bool:
        """The editor's text of a config. A document that no longer parses keeps its last good facts, so
        the findings do not flicker while someone types; the problem shows once it is closed or saved broken
        and reopened. True when what the file holds changed."""
        with self._lock:
            self.open_documents[path] = text
            if not self.files.is_config(path):
                return False
            return self.files.update(path, text, keep_last_good=True)

    def document_closed(self, path: str) -> bool:
        """The editor let go: the disk is the truth again."""
        with self._lock:
            self.open_documents.pop(path, None)
            return self.disk_changed(path)

    def disk_changed(self, path: str) -> bool:
        """A file changed, appeared or vanished on disk. Open documents are the editor's: ignored."""
        with self._lock:
            if path in self.open_documents:
                return False
            if self._changed_meanwhile is not None:
                self._changed_meanwhile.add(path)  # the walk running now may have read the old content
            if not os.path.exists(path):
                return self.files.remove(path)
            return self.files.update(path)

    def is_config(self, path: str) -> bool:
        return self.files.is_config(path)

    def facts_of(self, path: str) -> list[Fact]:
        """What one file holds, as last read (the editor's text while it is open): nothing is parsed again."""
        with self._lock:
            return self.files.facts_of(path)

    # ---- listeners and settings ----------------------------------------------------------------------

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        with self._lock:
            self.snapshot = snapshot

    def set_settings(self, settings: Settings) -> None:
        with self._lock:
            self.settings = settings

    # ---- the result ----------------------------------------------------------------------------------

    def report(self) -> Report:
        with self._lock:
            return build_report(
                self.root,
                self.files.facts(),
                self.files.problems(),
                self.snapshot,
                self.settings,
                self.environ,
            )
