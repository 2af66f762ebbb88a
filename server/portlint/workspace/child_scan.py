"""A first scan's walk and reads in a child process, while this one imports its parsers and analysis.

`portlint check` pays the first scan on every run, and Python does it on one core. Here a child forked at
once (a small heap copies cheaply, unlike a fork after the imports: bench/README.md) walks the tree, reads
each candidate as soon as its folder is listed, and streams each text worth parsing over a pipe; the parent
imports meanwhile, then parses as the texts arrive. The results are those of `WorkspaceFiles.scan`
in-process: the same walk, the same `read_text`, sorted by path as `discover` sorts them, less the candidates
with nothing to say, which are not sent (`WorkspaceFiles.scan`).

Only where `os.fork` exists and this process runs no other thread (the command line; the language server
scans in-process, off its loop). Whatever goes wrong in the child, the parent scans in-process instead. The
child is never signalled: it ends on its own, and is waited for.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.facts import ParseResult
    from ..core.model import ConfigProblem
    from .discover import ConfigFile

_END = None  # after the last batch of files: then the walk's problems
_BUFFER = 1 << 16
_PIPE_BYTES = 1 << 20  # /proc/sys/fs/pipe-max-size's default


class ChildScan:
    """A running child scan of one root; `collect` takes its results once."""

    def __init__(self, root: str, pid: int, stream: IO[bytes]) -> None:
        self.root = root
        self._pid = pid
        self._stream = stream

    def collect(
        self, parse: Callable[[ConfigFile, str], ParseResult]
    ) -> tuple[list[ConfigProblem], list[tuple[ConfigFile, ParseResult]]] | None:
        """The walk's problems and every file with what it holds, sorted by path as `discover` sorts, each text
        parsed by `parse` as it arrives; None when the child did not finish its work (the caller scans
        in-process then)."""
        from ..core.facts import ParseResult
        from .discover import ConfigFile

        loaded: list[tuple[ConfigFile, ParseResult]] = []
        try:
            with self._stream as stream:
                records = pickle.Unpickler(stream)
                while (batch := records.load()) is not _END:
                    for path, kind, plain, read in batch:
                        file = ConfigFile(path, kind, plain)
                        loaded.append((file, parse(file, read) if isinstance(read, str) else read or ParseResult()))
                problems = records.load()
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, OSError):
            return None  # the child ended early, or wrote what this side cannot read
        finally:
            exited = self._wait()
        if not exited:
            return None
        loaded.sort(key=_path_of)
        return problems, loaded

    def discard(self) -> None:
        """Take nothing from the child: it meets a closed pipe, ends, and is reaped."""
        self._stream.close()
        self._wait()

    def _wait(self) -> bool:
        """Reap the child; True when it exited cleanly."""
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            return False
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def start_child_scan(root: str) -> ChildScan | None:
    """Fork a child that scans `root` (absolute), or None where that cannot be done safely. What the walk
    and the reads need is imported first, here: the child starts on the walk at once."""
    threads = sys.modules.get("threading")  # never imported: no thread but this one
    if threads is not None and threads.active_count() > 1:
        return None  # forking a process that runs threads can copy a lock another thread holds
    from . import discover, load  # noqa: F401

    return _start(root, _scan)


def _start(root: str, work: Callable[[str, IO[bytes]], None]) -> ChildScan | None:
    if not hasattr(os, "fork"):
        return None
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    _widen(writing)
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the child: no return from here
        os.close(reading)
        code = 1
        try:
            with os.fdopen(writing, "wb", _BUFFER) as stream:
                work(root, stream)
            code = 0
        except BaseException:  # the parent scans in-process then: nothing may run on into its code
            pass
        finally:
            os._exit(code)
    os.close(writing)
    return ChildScan(root, pid, os.fdopen(reading, "rb", _BUFFER))


def _widen(pipe: int) -> None:
    """Let the pipe hold what the child reads while this side is still importing (64 KiB by default on
    Linux, ≈ 100 files' texts: the child would wait)."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the system's limit: a child that waits now and then


def _path_of(loaded: tuple[ConfigFile, ParseResult]) -> str:
    return loaded[0].path


def _scan(root: str, stream: IO[bytes]) -> None:
    """The child's work: the walk, and each file's text as `read_text` gives it as soon as its folder is
    listed. Files are sent in batches (one pickle per file would cost more than its read); a batch goes out
    as soon as it holds a text, so the parent parses while this side walks and reads on. A candidate with
    nothing to say (most `*.py`) is not sent at all: see `WorkspaceFiles.scan`."""
    from .discover import Discovery, walk
    from .load import QUIET_KINDS, read_text

    discovery = Discovery(root, candidate_sizes=False)  # as WorkspaceFiles.scan walks
    records = pickle.Pickler(stream, protocol=5)
    batch: list[tuple[str, str, bool, str | ParseResult | None]] = []
    for file in walk(discovery):
        read = read_text(file)
        if isinstance(read, str) or read.facts or read.problems:
            batch.append((file.path, file.kind, file.plain, read))
            records.dump(batch)
            stream.flush()  # a full buffer would hold it back
            batch = []
        elif file.kind not in QUIET_KINDS:
            batch.append((file.path, file.kind, file.plain, None))
    records.dump(batch)
    records.dump(_END)
    records.dump(discovery.problems)
