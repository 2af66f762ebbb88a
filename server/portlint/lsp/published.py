"""What the client shows now, per file: only what changed is sent, and an empty list clears a file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from lsprotocol import types as lsp


class Editor(Protocol):
    """What the state needs from the client's side."""

    def open_documents(self) -> dict[str, str]:
        """path -> the editor's text of every open document."""
        ...

    def version_of(self, path: str) -> int | None: ...

    def send_diagnostics(self, path: str, diagnostics: list[lsp.Diagnostic], version: int | None) -> None: ...


class Published:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.shown: dict[str, list[lsp.Diagnostic]] = {}  # path -> what the client shows now
        self.muted = False  # stopping: nothing more is sent

    def show(self, by_file: Mapping[str, list[lsp.Diagnostic]], answered_for: Iterable[str]) -> None:
        """Send each file's diagnostics when they changed. `answered_for`: files shown now that this
        result speaks for; those it has nothing for are cleared."""
        for path in sorted(set(by_file) | set(answered_for)):
            diagnostics = by_file.get(path, [])
            if self.shown.get(path) == diagnostics:
                continue
            self.shown[path] = diagnostics
            if not diagnostics:
                # typos-lsp explains why: an empty list is how a client learns that a file is clean again
                self.shown.pop(path)
            self._send(path, diagnostics)

    def clear(self, paths: Iterable[str]) -> None:
        for path in list(paths):
            if self.shown.pop(path, None) is not None:
                self._send(path, [])

    def again(self, path: str) -> None:
        """Send a file's diagnostics again (its document closed: same findings, no version any more)."""
        if path in self.shown:
            self._send(path, self.shown[path])

    def _send(self, path: str, diagnostics: list[lsp.Diagnostic]) -> None:
        if not self.muted:
            self.editor.send_diagnostics(path, diagnostics, self.editor.version_of(path))
