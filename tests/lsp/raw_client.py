"""A bare JSON-RPC client over a subprocess's pipes, for lifecycle tests that need the process itself."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

WAIT = 20.0


class RawClient:
    def __init__(
        self,
        root: Path,
        *,
        parent: int | None = None,
        extra: list[str] | None = None,
        command: list[str] | None = None,
        stderr: IO[bytes] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            [*(command or [sys.executable, "-m", "portlint"]), "serve", *(extra or [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr or subprocess.PIPE,
        )
        self.root = root
        self.parent = parent
        self._next_id = 0
        self._buffer = b""

    def send(self, method: str, params: Any = None, *, request: bool = True) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self._next_id += 1
            ident = message["id"] = self._next_id
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()
        return ident

    def receive(self) -> dict[str, Any]:
        """The next message from the server (bounded wait on the pipe, never a pause)."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            header_end = self._buffer.find(b"\r\n\r\n")
            if header_end >= 0:
                headers = self._buffer[:header_end].decode()
                length = int(
                    next(h for h in headers.split("\r\n") if h.lower().startswith("content-length")).split(":")[1]
                )
                if len(self._buffer) >= header_end + 4 + length:
                    body = self._buffer[header_end + 4 : header_end + 4 + length]
                    self._buffer = self._buffer[header_end + 4 + length :]
                    loaded: dict[str, Any] = json.loads(body)
                    return loaded
            ready, _, _ = select.select([fd], [], [], WAIT)
            assert ready, "the server said nothing"
            chunk = os.read(fd, 65536)
            assert chunk, "the server closed its output"
            self._buffer += chunk

    def response(self, ident: int | None) -> dict[str, Any]:
        while True:
            message = self.receive()
            if message.get("id") == ident and "method" not in message:
                return message
            if "method" in message and "id" in message:  # a request from the server: answer it
                self._reply(message["id"])

    def _reply(self, ident: int) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": ident, "result": None}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def initialize(self, root: Path | None = None, *, initialized: bool = True) -> dict[str, Any]:
        root = root or self.root
        ident = self.send(
            "initialize",
            {
                "processId": self.parent,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {},
                "initializationOptions": {"settings": {"pollInterval": 100}},
            },
        )
        result = self.response(ident)
        if initialized:
            self.send("initialized", {}, request=False)
        return result

    def request(self, method: str, params: Any = None) -> dict[str, Any]:
        return self.response(self.send(method, params))

    def wait_exit(self) -> int:
        return self.process.wait(timeout=WAIT)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
