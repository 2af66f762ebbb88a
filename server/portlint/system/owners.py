"""What can be read about a process that holds a socket: every field on its own, so one refusal (another
user's process, macOS without root) costs that field only, and a process that is gone yields None."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import psutil

from ..core.model import Process

T = TypeVar("T")

# A reused process must have been started at the same moment (create_time is counted in clock ticks).
SAME_START = 0.02


def _field(read: Callable[[], T]) -> T | None:
    try:
        return read()
    except psutil.AccessDenied:
        return None


def describe(proc: psutil.Process) -> Process | None:
    """The process as portlint's model needs it; None when it exited (or is a zombie, which holds no fds)."""
    try:
        with proc.oneshot():
            name = _field(proc.name)
            cmdline = _field(proc.cmdline)
            return Process(
                pid=proc.pid,
                name=name if name is not None else "?",
                ppid=_field(proc.ppid),
                exe=_field(proc.exe) or None,
                cmdline=tuple(cmdline) if cmdline else (),
                cwd=_field(proc.cwd) or None,
                user=_field(proc.username),
                started=_field(proc.create_time),
            )
    except psutil.NoSuchProcess:
        return None
    except (psutil.Error, OSError):
        return Process(pid=proc.pid, name="?")  # an odd failure: keep what we know, the pid


def process_info(pid: int) -> Process | None:
    try:
        proc = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None
    except (psutil.Error, OSError):
        return Process(pid=pid, name="?")
    return describe(proc)


def still_running(process: Process) -> bool:
    """Whether this very process still exists: same pid and the same start time (pids get reused)."""
    if process.started is None:
        return False  # cannot tell it from a newcomer with the same pid
    try:
        started = psutil.Process(process.pid).create_time()
    except (psutil.Error, OSError):
        return False
    return abs(started - process.started) < SAME_START
