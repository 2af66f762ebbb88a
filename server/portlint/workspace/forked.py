"""Loading many files on two cores: a forked child loads every second file while this process loads the rest.

Threads cannot share the work (the GIL: parsing is Python, and a thread pool measured slower than one
thread, bench/README.md). A child made by `fork` starts with every module already imported, loads its share
with the very same `load`, and hands back the results that are not empty, pickled through a pipe. Whatever
goes wrong in the child (it dies, its results do not unpickle), this process loads the child's share itself,
so the results are those of a serial load, in the same order.

Only for a one-shot process (`portlint check`): forking a process that runs threads (the language server)
can leave the child holding a lock no thread will release. Linux only, where fork is cheap and safe for a
single-threaded process.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence

from ..core.facts import ParseResult
from .discover import ConfigFile

FORK_AT_LEAST = 2000  # files: below this the fork and the pickling cost more than the second core saves

Loader = Callable[[ConfigFile, str], ParseResult]


def can_fork(count: int) -> bool:
    return (
        count >= FORK_AT_LEAST
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
    )


def load_on_two_cores(files: Sequence[ConfigFile], root: str, load: Loader) -> list[tuple[ConfigFile, ParseResult]]:
    """Every file loaded with `load`, in the order given; the odd ones by a forked child."""
    theirs = files[1::2]
    read_end, write_end = os.pipe()
    try:
        child = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return [(file, load(file, root)) for file in files]
    if child == 0:
        os.close(read_end)
        _child(theirs, root, load, write_end)  # never returns
    os.close(write_end)
    mine = [load(file, root) for file in files[0::2]]
    with os.fdopen(read_end, "rb") as pipe:
        handed = pipe.read()
    _, status = os.waitpid(child, 0)
    loaded = _unpickled(handed, len(theirs)) if status == 0 else None
    if loaded is None:
        loaded = [load(file, root) for file in theirs]
    results: list[ParseResult] = [ParseResult()] * len(files)
    results[0::2] = mine
    results[1::2] = loaded
    return list(zip(files, results, strict=True))


def _child(files: Sequence[ConfigFile], root: str, load: Loader, write_end: int) -> None:
    import pickle

    status = 1
    try:
        found = [(index, result) for index, file in enumerate(files) if (result := load(file, root)) != ParseResult()]
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of buffers the parent owns


def _unpickled(handed: bytes, count: int) -> list[ParseResult] | None:
    """The child's results, the empty ones filled in; None when they cannot be trusted."""
    import pickle  # here, not at the top: a small workspace never forks

    try:
        found = pickle.loads(handed)  # our own child wrote these bytes
        results = [ParseResult() for _ in range(count)]
        for index, result in found:
            results[index] = result
    except Exception:  # a child that died halfway: its share is loaded here
        return None
    return results
