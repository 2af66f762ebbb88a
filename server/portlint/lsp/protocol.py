"""pygls's protocol, with one leak closed.

pygls 2.1 files the future of every notification it runs through a generator handler (its built-in
didOpen/didChange/didClose handlers are generators) under a fresh id in `_request_futures`, and only a
*response* ever removes an entry there. Notifications get no response, so each didChange left a future
behind: about 1 MB a second in an edit storm. Entries a notification added are dropped once their future
completes — on the next turn of the event loop, because pygls's `shutdown` cancels the futures while it
iterates over that same dict.
"""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import Future
from typing import Any

from pygls.protocol import LanguageServerProtocol


class PortlintProtocol(LanguageServerProtocol):
    def _handle_notification(self, method_name: str, params: Any) -> None:
        before = set(self._request_futures)
        super()._handle_notification(method_name, params)
        added = set(self._request_futures) - before
        if not added:
            return
        loop = asyncio.get_running_loop()
        for msg_id in added:

            def forget(_: Future[Any], msg_id: str | int = msg_id) -> None:
                with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to keep tidy
                    loop.call_soon_threadsafe(self._request_futures.pop, msg_id, None)

            self._request_futures[msg_id].add_done_callback(forget)
