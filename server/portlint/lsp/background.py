"""The server's background work: the listener watch and the config file watch, handing their news to the
event loop, and noticing when the editor that started us is gone."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.model import Snapshot
    from .server import PortlintServer

log = logging.getLogger(__name__)


class Background:
    def __init__(self, server: PortlintServer, loop: asyncio.AbstractEventLoop, parent_pid: int | None) -> None:
        self.server = server
        self.loop = loop
        self.parent_pid = parent_pid
        self.listeners = None
        self.files = None
        if server.settings.live:
            from ..system.live import ListenerWatch

            self.listeners = ListenerWatch(server.settings.poll_interval_ms / 1000, self._listeners_changed, self._tick)
        from ..workspace.watch import ConfigWatcher

        self.files = ConfigWatcher(self._file_changed)

    def start(self) -> Snapshot | None:
        assert self.files is not None
        self.files.start()
        return self.listeners.start() if self.listeners is not None else None

    def watch_folders(self, folders: Iterable[str]) -> None:
        if self.files is not None:
            self.files.watch_folders(folders)

    def look_now(self) -> Snapshot | None:
        return self.listeners.look_now() if self.listeners is not None else None

    def stop(self) -> None:
        if self.listeners is not None:
            self.listeners.stop()
        if self.files is not None:
            self.files.stop()

    # ---- from the watcher threads to the event loop ----------------------------------------------------

    def _listeners_changed(self, snapshot: Snapshot) -> None:
        self._to_loop(self.server.listeners_changed, snapshot)

    def _file_changed(self, path: str) -> None:
        self._to_loop(self.server.file_changed_on_disk, path)

    def _tick(self) -> None:
        if self.parent_pid is not None and not _alive(self.parent_pid):
            log.info("portlint: the editor (pid %s) is gone; exiting", self.parent_pid)
            os._exit(0)  # nobody is left to say `exit`; the event loop may be blocked on stdin

    def _to_loop(self, callback: Callable[[Any], None], argument: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: we are shutting down
            self.loop.call_soon_threadsafe(callback, argument)


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
