"""A real `portlint serve` process with a threaded JSON-RPC client: a reader thread drains the server's
output all the time (so an edit storm never deadlocks on a full pipe), keeps the last diagnostics per file
and answers the server's own requests. stderr goes to a file, so a chatty log never blocks the server."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

WAIT = 30.0  # a bound on waiting for an answer, never a pause
SERVER = [sys.executable, "-m", "portlint", "serve"]


class LspProcess:
    def __init__(
        self,
        root: Path,
        log: Path,
        *,
        extra: list[str] | None = None,
        options: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [*SERVER, *(extra or [])], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, env=env
        )
        self.options = options if options is not None else {"settings": {"pollInterval": 100}}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.published = 0  # how many publishDiagnostics arrived
        self.closed = threading.Event()  # the server's output ended
        self._responses: dict[int, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._reader = threading.Thread(target=self._read_all, daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    # ---- sending -------------------------------------------------------------------------------------

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        with self._write_lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            self.process.stdin.flush()

    def notify(self, method: str, params: Any = None) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def send(self, method: str, params: Any = None) -> int:
        with self._changed:
            self._next_id += 1
            ident = self._next_id
        self._write({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return ident

    def response(self, ident: int, timeout: float = WAIT) -> dict[str, Any]:
        with self._changed:
            answered = self._changed.wait_for(lambda: ident in self._responses or self.closed.is_set(), timeout)
            assert answered and ident in self._responses, f"no answer to request {ident} within {timeout} s"
            return self._responses.pop(ident)

    def request(self, method: str, params: Any = None, timeout: float = WAIT) -> dict[str, Any]:
        return self.response(self.send(method, params), timeout)

    # ---- the session ---------------------------------------------------------------------------------

    def initialize(self, parent: int | None = None) -> dict[str, Any]:
        root_uri = self.root.as_uri()
        result = self.request(
            "initialize",
            {
                "processId": parent,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": self.root.name}],
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
                "initializationOptions": self.options,
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, language: str = "json", version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": path.as_uri(),
                    "languageId": language,
                    "version": version,
                    "text": path.read_text(),
                }
            },
        )

    def change(self, path: Path, version: int, text: str) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": path.as_uri(), "version": version}, "contentChanges": [{"text": text}]},
        )

    def recheck(self) -> dict[str, Any]:
        return self.request("workspace/executeCommand", {"command": "portlint.recheck", "arguments": []})

    def hover(self, path: Path, line: int, character: int) -> dict[str, Any]:
        return self.request(
            "textDocument/hover",
            {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}},
        )

    def wait_for(self, done: Any, timeout: float = WAIT) -> None:
        """Wait (bounded) until `done()` holds; re-checked on every message from the server."""
        with self._changed:
            assert self._changed.wait_for(done, timeout), "the awaited state never came"

    def shutdown(self) -> int:
        self.request("shutdown")
        self.notify("exit")
        return self.process.wait(timeout=WAIT)

    def stop(self) -> None:
        """End the server by its pid (if still running) and close everything."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._reader.join(timeout=WAIT)
        self._log.close()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    # ---- receiving -----------------------------------------------------------------------------------

    def _read_all(self) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        buffer = b""
        try:
            while True:
                header_end = buffer.find(b"\r\n\r\n")
                if header_end >= 0:
                    headers = buffer[:header_end].decode()
                    length = int(
                        next(h for h in headers.split("\r\n") if h.lower().startswith("content-length")).split(":")[1]
                    )
                    if len(buffer) >= header_end + 4 + length:
                        body = buffer[header_end + 4 : header_end + 4 + length]
                        buffer = buffer[header_end + 4 + length :]
                        self._dispatch(json.loads(body))
                        continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return
                buffer += chunk
        except (OSError, ValueError):
            return
        finally:
            with self._changed:
                self.closed.set()
                self._changed.notify_all()

    def _dispatch(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method is not None and "id" in message:  # the server asks (configuration, registration)
            result: Any = [None] * len(message["params"]["items"]) if method == "workspace/configuration" else None
            with contextlib.suppress(OSError, ValueError):  # the server is going
                self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        with self._changed:
            if method == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self.published += 1
            elif method is None and "id" in message:
                self._responses[message["id"]] = message
            self._changed.notify_all()
