"""A long-lived check of one workspace, for the language server: files kept and re-read one at a time,
the editor's unsaved text preferred over the disk, the last snapshot of listeners kept between looks.

Knows nothing of LSP. Thread-safe: the language server calls it from its event loop and from worker threads.
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
        self._lock = threading.RLock()

    def scan(self) -> None:
        with self._lock:
            self.files.scan()
            for path, text in self.open_documents.items():
                self.files.update(path, text)

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
