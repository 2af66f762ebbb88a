"""Reading a workspace file from disk: the one function every read of a workspace file goes through.

A workspace is not to be trusted to hold only files. A FIFO named `firebase.json` blocks a plain `open()`
until someone writes to it (forever, in an editor's language server); a link `app.py -> /dev/zero` never
ends; `/dev/stdin` takes the server's own input. So a read here:
- stats the path first and never opens what is not a regular file (a device's open alone can act);
- opens with O_NONBLOCK and O_NOCTTY, so a FIFO swapped in after that stat cannot block the open, nor a
  terminal become ours;
- checks the open descriptor again (fstat) and reads at most `limit` bytes, whatever the size said.

A file the walk has just listed as a regular file (d_type, not a link) is opened without the stat first, with
O_NOFOLLOW, so that a link swapped in meanwhile is not followed but read the careful way; that spares a
syscall for each of the thousands of `*.py` candidates of the first scan. Such a candidate is then read once
(at most `FIRST_READ` bytes, non-blocking) before the fstat (`read_marked_file`): most hold none of the bytes
any reader looks for, and are dropped there, whatever the path had become since the walk; the others are
checked on the descriptor as above before their bytes are used. That spares another syscall each.
"""

from __future__ import annotations

import os
import re
import stat

from msgspec import Struct

MAX_FILE_BYTES = 1024 * 1024  # no config worth reading is larger; bigger files are generated or junk

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 64 * 1024
# The first read of a candidate: most source files fit. (Not a megabyte: a buffer that large is allocated
# for every read, by mmap, and costs four times a 64 KiB one.)
FIRST_READ = 64 * 1024


class Unreadable(Struct, frozen=True):
    """Why a file was not read. `reason` is a sentence about the file, for a `config-unreadable` finding."""

    reason: str
    missing: bool = False  # gone (or a dangling link): usually nothing worth saying
    denied: bool = False  # permission denied


def read_regular_file(path: str, limit: int = MAX_FILE_BYTES, *, listed_plain: bool = False) -> bytes | Unreadable:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them; else why not.
    Never blocks on what the path names, never raises OSError. `listed_plain`: the walk has just seen a
    regular file (not a link) at `path`."""
    descriptor = _open_listed(path) if listed_plain else None
    if descriptor is not None:
        return _read_open(descriptor, path, limit)
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind:
            return _not_a_file(kind)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return _failed(error)
    return _read_open(descriptor, path, limit)


def read_marked_file(path: str, markers: re.Pattern[bytes], *, listed_plain: bool = False) -> bytes | Unreadable | None:
    """`read_regular_file(path, listed_plain=listed_plain)`, or None when what it holds has none of `markers`
    (a candidate no reader would look at: most `*.py` of a workspace).

    A file the walk listed as plain is opened as `read_regular_file` does, then read once, up to
    `FIRST_READ` bytes, before anything else: a shorter read is the whole of it, and without a marker it is
    skipped then and there, with no fstat. Whatever the path had become meanwhile (a FIFO, a folder), the
    answer is the same: nothing worth reading. A read that finds a marker, or fills the buffer, goes on as
    `read_regular_file` (fstat: a regular file, the size limit)."""
    descriptor = _open_listed(path) if listed_plain else None
    if descriptor is not None:
        try:
            head = os.read(descriptor, FIRST_READ)
        except OSError as error:
            os.close(descriptor)
            return _failed(error)
        if len(head) < FIRST_READ and markers.search(head) is None:
            os.close(descriptor)
            return None
        return _read_open(descriptor, path, MAX_FILE_BYTES, head)
    data = read_regular_file(path)
    return None if isinstance(data, bytes) and markers.search(data) is None else data


def _open_listed(path: str) -> int | None:
    """A descriptor on the regular file the walk has just listed at `path`, opened without following a link
    (O_NOFOLLOW); None when that fails (gone, denied, a link now) or cannot be asked: the careful way then
    says why."""
    if not _NO_FOLLOW:
        return None
    try:
        return os.open(path, _OPEN_FLAGS | _NO_FOLLOW)
    except OSError:
        return None


def _read_open(descriptor: int, path: str, limit: int, head: bytes | None = None) -> bytes | Unreadable:
    """What `read_regular_file` reads from the descriptor it opened, which this closes. `head`: what a
    read of up to `FIRST_READ` bytes has already taken."""
    try:
        status = os.fstat(descriptor)
        kind = _not_regular(status.st_mode)
        if kind:  # swapped between the stat (or the walk) and the open
            return _not_a_file(kind)
        if status.st_size > limit:
            return Unreadable(too_large_reason(os.path.basename(path) or path, status.st_size, limit))
        if head is None:
            data = os.read(descriptor, status.st_size + 1)  # one read for a file that did not change meanwhile
        elif len(head) < FIRST_READ:
            data = head  # that read reached the end
        else:
            data = head + os.read(descriptor, max(1, status.st_size + 1 - len(head)))
        if len(data) > status.st_size:  # grew after the fstat (or a size the kernel does not know)
            data += _read_at_most(descriptor, limit + 1 - len(data))
        if len(data) > limit:
            return Unreadable(too_large_reason(os.path.basename(path) or path, max(status.st_size, len(data)), limit))
        return data
    except OSError as error:
        return _failed(error)
    finally:
        os.close(descriptor)


def _not_a_file(kind: str) -> Unreadable:
    return Unreadable(f"it is {kind}, not a regular file; portlint reads only regular files")


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(descriptor, min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _not_regular(mode: int) -> str:
    """What the file is when it is not a regular file ("a FIFO (named pipe)"), else ""."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "an unusual kind of file"


def _failed(error: OSError) -> Unreadable:
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return Unreadable("does not exist", missing=True)
    if isinstance(error, PermissionError):
        return Unreadable("cannot read: permission denied", denied=True)
    return Unreadable(f"cannot read: {error.strerror or error}")


def size_text(size: int) -> str:
    """A file size for messages: "50 MB", "1.2 MB", "900 KB"."""
    if size >= 10_000_000:
        return f"{size // 1_000_000} MB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, size // 1000)} KB"


def too_large_reason(name: str, size: int, limit: int = MAX_FILE_BYTES) -> str:
    shown = "1 MiB" if limit == MAX_FILE_BYTES else size_text(limit)
    return f"{name} is {size_text(size)}; portlint reads config files up to {shown}"
