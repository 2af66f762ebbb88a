"""Applying a port switch's text edits to the files of the workspace, and nowhere else.

Every edit is checked before any file is written: its path must lie inside the workspace both as written and
once symbolic links are resolved (a link leading out is refused), a file is created only where the edit says
so (and only if it still does not exist), the file must be UTF-8 text within the size portlint reads, and
every range must still fit the file as it is now. Then each file is replaced at once (a temporary file in
the same folder, renamed over it), keeping its permissions, its byte-order mark and its line endings.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from itertools import pairwise

from msgspec import Struct

from ..core.model import Position, TextEdit
from ..core.paths import is_inside
from ..core.text import SourceText, utf16_len
from ..workspace.discover import MAX_CONFIG_BYTES

BOM = "\ufeff"


class EditRefused(ValueError):
    """An edit portlint will not make; nothing was written."""


class _Change(Struct, frozen=True):
    path: str  # the real path written (symbolic links inside the workspace resolved)
    shown: str  # the path as the edit names it
    text: str  # the whole new content
    create: bool


def apply_edits(root: str, edits: Sequence[TextEdit]) -> list[str]:
    """Apply `edits` inside `root`; the files changed, as the edits name them. Raises EditRefused, with
    nothing written, when any edit is not safe to make."""
    by_file: dict[str, list[TextEdit]] = {}
    for edit in edits:
        by_file.setdefault(edit.file, []).append(edit)
    changes = [_plan(root, path, file_edits) for path, file_edits in by_file.items()]
    if len({change.path for change in changes}) < len(changes):  # one file named two ways (through a link)
        raise EditRefused("refusing to edit: two of the edits' paths lead to the same file")
    for change in changes:
        _write(change)
    return [change.shown for change in changes]


def _plan(root: str, path: str, edits: list[TextEdit]) -> _Change:
    real = _checked_path(root, path)
    create = not os.path.lexists(path)
    if create:
        if not any(edit.create_file for edit in edits):
            raise EditRefused(f"{path} does not exist and the edit does not create it")
        if not os.path.isdir(os.path.dirname(real)):
            raise EditRefused(f"the folder of {path} does not exist; portlint creates files, not folders")
        text, bom = "", ""
    else:
        text, bom = _read_text(path, real)
    return _Change(real, path, bom + _edited(path, text, edits), create)


def _checked_path(root: str, path: str) -> str:
    """The real path to write, or EditRefused when the path or what it leads to lies outside `root`."""
    if not os.path.isabs(path) or not is_inside(path, root):
        raise EditRefused(f"refusing to edit {path}: it lies outside the workspace {root}")
    real = os.path.realpath(path)
    if not is_inside(real, os.path.realpath(root)):
        raise EditRefused(f"refusing to edit {path}: it leads outside the workspace (to {real})")
    return real


def _read_text(path: str, real: str) -> tuple[str, str]:
    try:
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise EditRefused(f"refusing to edit {path}: not a regular file")
        if info.st_size > MAX_CONFIG_BYTES:
            raise EditRefused(f"refusing to edit {path}: larger than portlint reads")
        with open(real, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise EditRefused(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EditRefused(f"refusing to edit {path}: it is not UTF-8 text") from None
    if text.startswith(BOM):  # positions count from after the mark, as the parsers read it
        return text[1:], BOM
    return text, ""


def _edited(path: str, text: str, edits: list[TextEdit]) -> str:
    """The text with every edit made, last first so earlier offsets hold; EditRefused when a range no longer
    fits (the file changed since the check) or two edits overlap."""
    source = SourceText(text)
    spans = [(_offset(path, source, e.range.start), _offset(path, source, e.range.end), e) for e in edits]
    spans.sort(key=lambda span: (span[0], span[1]))
    for (_, end, _), (start, _, _) in pairwise(spans):
        if start < end:
            raise EditRefused(f"refusing to edit {path}: two edits overlap")
    for start, end, edit in reversed(spans):
        if end < start:
            raise EditRefused(f"refusing to edit {path}: an edit's range ends before it starts")
        text = text[:start] + edit.new_text + text[end:]
    return text


def _offset(path: str, source: SourceText, position: Position) -> int:
    line = source.line(position.line) if 0 <= position.line < source.line_count else None
    if line is None or position.character < 0 or position.character > utf16_len(line):
        raise EditRefused(f"{path} changed since portlint read it; check again")
    return source.offset(position)


def _write(change: _Change) -> None:
    folder, name = os.path.split(change.path)
    data = change.text.encode("utf-8")
    if change.create:
        try:
            with open(change.path, "xb") as handle:  # never over a file that appeared meanwhile
                handle.write(data)
        except OSError as error:
            raise EditRefused(f"cannot create {change.shown}: {error.strerror or error}") from None
        return
    mode = stat.S_IMODE(os.stat(change.path).st_mode)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".portlint", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, change.path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise EditRefused(f"cannot write {change.shown}: {error.strerror or error}") from None
