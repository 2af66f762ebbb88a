"""Config changes made outside the editor (a `git checkout`, another tool), through watchdog.

Only the folders that hold configs are watched, each without recursion: a recursive watch of a workspace
would put an inotify watch on every folder of node_modules. New configs in new folders reach the server
through the client's `workspace/didChangeWatchedFiles` and through a recheck.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

from watchdog.events import (
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger(__name__)

# Reading a file makes inotify report it opened and closed-without-write: reacting to those would trigger
# ourselves forever. Only these mean the content may have changed.
CONTENT_EVENTS = (FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent, FileDeletedEvent, DirMovedEvent)


class _Handler(FileSystemEventHandler):
    def __init__(self, changed: Callable[[str], None]) -> None:
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not isinstance(event, CONTENT_EVENTS):
            return
        paths = [event.src_path]
        if isinstance(event, (FileMovedEvent, DirMovedEvent)):
            paths.append(event.dest_path)
        for path in paths:
            self.changed(os.fsdecode(path))


class ConfigWatcher:
    def __init__(self, changed: Callable[[str], None]) -> None:
        self._handler = _Handler(changed)
        self._observer: BaseObserver = Observer()
        self._observer.daemon = True
        self._watches: dict[str, ObservedWatch] = {}

    def start(self) -> None:
        self._observer.start()

    def watch_folders(self, folders: Iterable[str]) -> None:
        """Watch these folders (and stop watching folders no longer named)."""
        wanted = {os.path.abspath(f) for f in folders if os.path.isdir(f)}
        for folder in set(self._watches) - wanted:
            self._observer.unschedule(self._watches.pop(folder))
        for folder in wanted - set(self._watches):
            try:
                self._watches[folder] = self._observer.schedule(self._handler, folder, recursive=False)
            except OSError as error:  # too many watches, a folder gone meanwhile: the rest still work
                log.warning("portlint: cannot watch %s: %s", folder, error)

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=1)
