"""Real Chromium's verdict on one fetch(): one headless Debian Chromium for the whole run (driver.mjs, driven
by playwright-core, answering JSON lines), and one loopback front-end origin server serving a blank page.

`Chromium.browser_verdict(origin_host, request)` opens the blank page at `http://<origin_host>:<port>/`,
runs the request's fetch() there and returns what the page saw (ok, the status when readable) and the
console errors Chromium printed. Waiting is on the driver's answer line (the driver itself waits on the
fetch settling and on Chromium's CORS console message), bounded by hang guards only.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
# Installed once into tests/.cache/cors-browser: playwright-core drives Debian's Chromium (never a downloaded
# browser); express + cors serve the Express cases.
NODE_TOOLS = {"playwright-core": "1.65.1", "express": "5.3.0", "cors": "2.8.6"}
START_TIMEOUT = 60.0  # the driver's Node start and Chromium's launch on a busy machine
ANSWER_TIMEOUT = 60.0  # one page load + fetch + its console message; the driver's own guard is 15 s
BLANK = b"<!doctype html><title>front end</title>"


@dataclass(frozen=True)
class FrontEndRequest:
    """The fetch() a front end makes."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    credentials: bool = False  # credentials: 'include' (else 'same-origin')
    body: str | None = None


@dataclass(frozen=True)
class BrowserResult:
    """What the page saw: `ok` when fetch() resolved, the status then, the rejection's text otherwise, and
    every console error Chromium printed for the page."""

    ok: bool
    status: int | None
    error: str | None
    console: tuple[str, ...]
    guard_fired: bool  # the fetch rejected and Chromium logged nothing about it within the driver's guard

    @property
    def cors_messages(self) -> tuple[str, ...]:
        return tuple(text for text in self.console if "blocked by CORS policy" in text)


class _BlankPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BLANK)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(BLANK)

    def log_message(self, format: str, *args: object) -> None:
        pass


def origin_server() -> contextlib.AbstractContextManager[int]:
    """The front end: a blank page at every path on a free 127.0.0.1 port (reached as `localhost` too)."""
    return loopback_server(_BlankPage)


@contextlib.contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """`handler` serving on a free 127.0.0.1 port, in a thread, until the block ends; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Chromium:
    """The driver process (its own process group, ended by its pid) and the origin server's port."""

    def __init__(self, process: subprocess.Popen[bytes], log: IO[bytes], origin_port: int) -> None:
        self.origin_port = origin_port
        self._process = process
        self._log = log
        self._buffer = b""
        self.version = str(self._line(START_TIMEOUT)["version"])

    def origin(self, host: str) -> str:
        """The front-end origin on `host` (`localhost` or `127.0.0.1`)."""
        return f"http://{host}:{self.origin_port}"

    def browser_verdict(self, origin_host: str, request: FrontEndRequest) -> BrowserResult:
        """Chromium's own outcome of `request` made by a page on the front-end origin at `origin_host`."""
        question = {
            "page": self.origin(origin_host) + "/",
            "url": request.url,
            "method": request.method,
            "headers": request.headers,
            "credentials": request.credentials,
            "body": request.body,
        }
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(question).encode() + b"\n")
        self._process.stdin.flush()
        answer = self._line(ANSWER_TIMEOUT)
        return BrowserResult(
            ok=bool(answer["ok"]),
            status=answer.get("status"),
            error=answer.get("error"),
            console=tuple(answer.get("console", ())),
            guard_fired=bool(answer.get("guardFired")),
        )

    def _line(self, timeout: float) -> dict[str, Any]:
        """The driver's next JSON line; raises with its stderr when it ends or stays silent past `timeout`."""
        assert self._process.stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([self._process.stdout], [], [], max(0.0, remaining))
            chunk = os.read(self._process.stdout.fileno(), 65536) if readable else b""
            if not chunk:
                self.close()
                why = "ended" if readable else f"said nothing within {timeout} s"
                raise AssertionError(f"the Chromium driver {why}:\n{self._stderr()}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-4000:]

    def close(self) -> None:
        """Closes stdin (the driver closes the browser and ends); a driver still running then gets TERM
        (playwright-core closes its browser on it), then KILL, by the pid of its process group."""
        if self._process.returncode is not None:
            return
        with contextlib.suppress(OSError, ValueError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        for stop, grace in ((None, 15.0), (signal.SIGTERM, 10.0), (signal.SIGKILL, None)):
            if stop is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, stop)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=grace)
                break
        if self._process.stdout is not None:
            self._process.stdout.close()


@contextlib.contextmanager
def chromium_session(tools: Path) -> Iterator[Chromium]:
    """One front-end origin server and one Chromium (playwright-core from `tools`) until the block ends."""
    with origin_server() as origin_port, tempfile.TemporaryFile() as log:  # stderr in a file never fills a pipe
        process = subprocess.Popen(
            ["node", str(HERE / "driver.mjs"), "--tools", str(tools), "--chromium", str(CHROMIUM)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=True,
        )
        chromium = Chromium(process, log, origin_port)
        try:
            yield chromium
        finally:
            chromium.close()
