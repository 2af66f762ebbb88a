"""Applying a WorkspaceEdit to files on disk, as an editor would: the test's own small editor."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pygls.uris import to_fs_path


def offset(text: str, position: lsp.Position) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    # UTF-16 code units to str index
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    return start + len(line)


def apply_text_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end) :]
    return text


def apply_workspace_edit(edit: lsp.WorkspaceEdit) -> list[Path]:
    """Apply to disk; returns the files touched."""
    touched: list[Path] = []
    by_uri: dict[str, list[lsp.TextEdit]] = {}
    for document_uri, edits in (edit.changes or {}).items():
        by_uri.setdefault(document_uri, []).extend(edits)
    for change in edit.document_changes or []:
        if isinstance(change, lsp.CreateFile):
            path = Path(to_fs_path(change.uri) or "")
            if not path.exists():
                path.write_text("")
        elif isinstance(change, lsp.TextDocumentEdit):
            by_uri.setdefault(change.text_document.uri, []).extend(
                e for e in change.edits if isinstance(e, lsp.TextEdit)
            )
    for document_uri, edits in by_uri.items():
        path = Path(to_fs_path(document_uri) or "")
        path.write_text(apply_text_edits(path.read_text(), edits))
        touched.append(path)
    return touched
