"""pygls's protocol, with what pygls 2.1 leaves to chance pinned down: every request gets an answer.

- A request whose params do not fit the protocol (hover at line -1, codeAction without a context) gets an
  InvalidParams error; pygls logs it and answers nothing, so the client waits for good.
- Before `initialize` a request gets ServerNotInitialized and a notification is dropped (as the protocol
  says); a second `initialize` is refused (it would re-root the server); after `shutdown` a request gets
  InvalidRequest.
- `shutdown` cancels the pending requests over a copy of pygls's table of them: a cancelled future's
  callback removes its entry at once, and pygls iterating over the table itself answered `shutdown` with
  "-32603 dictionary changed size during iteration" (and the exit code was then 1).
- A leak closed: pygls files the future of every notification it runs through a generator handler (its
  built-in didOpen/didChange/didClose handlers are generators) under a fresh id in `_request_futures`, and
  only a *response* ever removes an entry there. Notifications get no response, so each didChange left a
  future behind: about 1 MB a second in an edit storm. Entries a notification added are dropped once their
  future completes, on the next turn of the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Generator
from concurrent.futures import Future
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest
from pygls.protocol.language_server import lsp_method


class _Answered:
    """A request already answered with an error while it was read: nothing more to do."""


class PortlintProtocol(LanguageServerProtocol):
    initialize_seen = False  # an `initialize` request arrived (and was let through)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if not _is_request(data) or isinstance(error, JsonRpcServerNotInitialized):
                raise
            message = f"{data['method']}: {_what_is_wrong(error)}"
            self._send_response(data["id"], error=JsonRpcInvalidParams(message).to_response_error())
            return _Answered()

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Answered):
            return
        if isinstance(message, RPCRequest):
            refusal = self._refusal(message.method)
            if refusal is not None:
                self._send_response(message.id, error=refusal.to_response_error())
                return
        elif getattr(message, "method", lsp.EXIT) != lsp.EXIT and not self.initialize_seen:
            return  # a notification before `initialize`: dropped
        super().handle_message(message)

    def _refusal(self, method: str) -> JsonRpcException | None:
        if method == lsp.INITIALIZE:
            if self.initialize_seen:
                return JsonRpcInvalidRequest("portlint is already initialized: a second initialize is refused")
            self.initialize_seen = True
            return None
        if not self.initialize_seen:
            return JsonRpcServerNotInitialized(f"{method}: the client has not sent initialize yet")
        if self._shutdown:
            return JsonRpcInvalidRequest(f"{method}: the server is shutting down")
        return None

    @lsp_method(lsp.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Generator[Any, Any, None]:
        if (user_handler := self.fm.features.get(lsp.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current = self.msg_id
        for msg_id, future in list(self._request_futures.items()):  # a copy: cancelling edits the table
            if msg_id != current and not future.done():
                future.cancel()
        self._shutdown = True
        return None

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


def _is_request(data: dict[str, Any]) -> bool:
    return "method" in data and isinstance(data.get("id"), (int, str)) and not isinstance(data.get("id"), bool)


def _what_is_wrong(error: Exception) -> str:
    """cattrs's own account of the mismatch ("invalid value @ $.params.position"), else a plain sentence."""
    from cattrs import transform_error
    from cattrs.errors import ClassValidationError

    cause = error.__cause__
    if isinstance(cause, ClassValidationError):
        return "; ".join(transform_error(cause))
    return "the params do not match the protocol"
