"""The server's watcher threads — config files on disk (watchdog) and, when live, who listens — handing their
news to the event loop. Started, retuned and stopped by the state (`state.py`), on the loop."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

    from ..core.model import Snapshot
    from ..system.live import ListenerWatch
    from ..workspace.watch import ConfigWatcher


class Background:
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        listeners_changed: Callable[[Snapshot | None], None],
        file_changed: Callable[[str], None],
    ) -> None:
        from ..workspace.watch import ConfigWatcher

        self.loop = loop
        self._listeners_changed = listeners_changed
        self.files: ConfigWatcher = ConfigWatcher(lambda path: self._to_loop(file_changed, path))
        self.listeners: ListenerWatch | None = None

    def start_files(self) -> None:
        self.files.start()

    def watch_folders(self, folders: Iterable[str]) -> None:
        self.files.watch_folders(folders)

    # ---- the listener watch: on while `live` ------------------------------------------------------------

    def new_listeners(self, interval: float) -> ListenerWatch:
        """A listener watch (not started: its `start` takes the first snapshot, which blocks). Its news
        reaches the loop only while it is the current one, so a watch stopped meanwhile says nothing."""
        from ..system.live import ListenerWatch

        self.stop_listeners()
        watch: ListenerWatch | None = None

        def changed(snapshot: Snapshot) -> None:
            self._to_loop(self._if_current, (watch, snapshot))

        watch = ListenerWatch(interval, changed)
        self.listeners = watch
        return watch

    def stop_listeners(self) -> None:
        if self.listeners is not None:
            self.listeners.stop()
            self.listeners = None

    def set_interval(self, interval: float) -> None:
        if self.listeners is not None:
            self.listeners.set_interval(interval)

    def look_now(self) -> Snapshot | None:
        listeners = self.listeners
        return listeners.look_now() if listeners is not None else None

    def stop(self) -> None:
        self.stop_listeners()
        self.files.stop()

    # ---- from the watcher threads to the event loop ----------------------------------------------------

    def _if_current(self, news: tuple[ListenerWatch | None, Snapshot]) -> None:
        watch, snapshot = news
        if watch is not None and watch is self.listeners:
            self._listeners_changed(snapshot)

    def _to_loop(self, callback: Callable[[Any], None], argument: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: we are shutting down
            self.loop.call_soon_threadsafe(callback, argument)
