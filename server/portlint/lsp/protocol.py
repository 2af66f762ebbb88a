"""pygls's protocol, with one leak closed.

pygls 2.1 files the future of every notification it runs through a generator handler (its built-in
didOpen/didChange/didClose handlers are generators) under a fresh id in `_request_futures`, and only a
*response* ever removes an entry there. Notifications get no response, so each didChange left a future
behind: about 1 MB a second in an edit storm. Entries a notification added are dropped when their future
completes.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from pygls.protocol import LanguageServerProtocol


class PortlintProtocol(LanguageServerProtocol):
    def _handle_notification(self, method_name: str, params: Any) -> None:
        before = set(self._request_futures)
        super()._handle_notification(method_name, params)
        for msg_id in set(self._request_futures) - before:
            future = self._request_futures[msg_id]

            def forget(_: Future[Any], msg_id: str | int = msg_id) -> None:
                self._request_futures.pop(msg_id, None)

            future.add_done_callback(forget)
