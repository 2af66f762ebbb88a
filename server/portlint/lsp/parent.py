"""Noticing at once that the editor which started us is gone: nobody is left to say `exit`, and the event
loop may be blocked reading stdin, so the process ends itself from this thread."""

from __future__ import annotations

import logging
import os
import select
import threading

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # where a process cannot be waited on (no pidfd): how often to look


class ParentWatch:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._thread = threading.Thread(target=self._run, name="portlint-parent", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        if not _wait_pidfd(self.pid):
            stop = threading.Event()
            while _alive(self.pid):
                stop.wait(POLL_SECONDS)
        log.info("portlint: the editor (pid %s) is gone; exiting", self.pid)
        os._exit(0)


def _wait_pidfd(pid: int) -> bool:
    """Block until the process ends, at no cost (Linux 5.3+). False when it cannot be waited on this way."""
    open_pidfd = getattr(os, "pidfd_open", None)
    if open_pidfd is None:
        return False
    try:
        descriptor = open_pidfd(pid)
    except ProcessLookupError:
        return True  # already gone
    except OSError:
        return False
    try:
        poller = select.poll()
        poller.register(descriptor, select.POLLIN)
        while not poller.poll():
            pass
    finally:
        os.close(descriptor)
    return True


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
