"""Blocking work (a walk of the tree, the first look at listeners, a CORS probe) on a daemon thread.

Not a thread pool: `asyncio.run` waits for its default executor's threads on the way out and the interpreter
joins every pool worker at exit, so `exit` would wait for a walk or a probe to end. A daemon thread is
simply dropped when the process ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def off_loop(work: Callable[..., T], *args: Any) -> asyncio.Future[T]:
    """Run `work(*args)` on a fresh daemon thread; the future settles on the calling event loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def run() -> None:
        try:
            result = work(*args)
        except BaseException as error:  # handed to the awaiting coroutine, which decides
            failure = error
            deliver: Callable[[], None] = lambda: future.set_exception(failure)  # noqa: E731
        else:
            deliver = lambda: future.set_result(result)  # noqa: E731
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting any more
            loop.call_soon_threadsafe(settle, deliver)

    threading.Thread(target=run, name=f"portlint-{getattr(work, '__name__', 'work')}", daemon=True).start()
    return future
