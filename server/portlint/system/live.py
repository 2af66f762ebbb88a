"""Watching who listens: the cheap look on an interval, owners looked up only when the set changed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from msgspec import Struct

from ..core.model import Snapshot, Socket
from . import sockdiag
from .listeners import attribute, listening_sockets, take_snapshot

log = logging.getLogger(__name__)


class Look(Struct, frozen=True):
    """What the cheap look sees."""

    sockets: frozenset[Socket]
    # With sock_diag, each socket with its inode: a second SO_REUSEPORT socket on an address already listened
    # on changes this though not `sockets`.
    identities: frozenset[object]


def look() -> Look:
    entries = sockdiag.listening_entries()
    if entries is not None:
        return Look(frozenset(socket for socket, _ in entries), frozenset(entries))
    sockets = listening_sockets()
    return Look(sockets, frozenset(sockets))


class ListenerWatch:
    """A daemon thread: every `interval` seconds the cheap look; on a change, a new snapshot for `changed`.
    `tick` runs on every round too (the language server checks that its parent is alive there)."""

    def __init__(
        self,
        interval: float,
        changed: Callable[[Snapshot], None],
        tick: Callable[[], None] | None = None,
    ) -> None:
        self.interval = interval
        self.changed = changed
        self.tick = tick
        self.snapshot: Snapshot | None = None
        self._seen: Look | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()  # a new interval takes effect now, not after the old one ran out
        self._thread = threading.Thread(target=self._run, name="portlint-listeners", daemon=True)

    def start(self) -> Snapshot:
        """Take the first snapshot now (the caller publishes with it), then watch."""
        self._seen = look()
        self.snapshot = take_snapshot()
        self._thread.start()
        return self.snapshot

    def set_interval(self, interval: float) -> None:
        self.interval = interval
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=1)

    def look_now(self) -> Snapshot:
        """A full snapshot at once (recheck), which also becomes the base for the next change."""
        self._seen = look()
        self.snapshot = take_snapshot()
        return self.snapshot

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                if self.tick is not None:
                    self.tick()
                current = look()
                if self._seen is not None and current.identities == self._seen.identities:
                    continue
                same_sockets = self._seen is not None and current.sockets == self._seen.sockets
                self._seen = current
                if same_sockets or self.snapshot is None:
                    # Same sockets, other inodes: a reuseport sibling came or went; name every owner again.
                    self.snapshot = take_snapshot()
                else:
                    self.snapshot = attribute(current.sockets, self.snapshot)
                self.changed(self.snapshot)
            except Exception:  # the watch must outlive a bad round (a process vanishing, a denied read)
                log.exception("portlint: looking at listeners failed; trying again next round")
