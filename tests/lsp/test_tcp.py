"""`portlint serve --tcp`: a connection that closes without a word (a port scan, a health check) is not a
client — the server keeps waiting for one; a second connection while a client is served waits its turn; the
client's session ending ends the server, as on stdio."""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import sys
import threading
from typing import Any

WAIT = 20.0  # a bound on every wait, never a pause


class ServerLog:
    """Drains the server's stderr (a full pipe would block it) and finds the port it listens on."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.text = ""
        self.port: int | None = None
        self.listening = threading.Event()
        self._process = process
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        assert self._process.stderr is not None
        for line in iter(self._process.stderr.readline, b""):
            self.text += line.decode(errors="replace")
            found = re.search(r"erving on \('[^']*', (\d+)", self.text)
            if found and self.port is None:
                self.port = int(found.group(1))
                self.listening.set()
        self.listening.set()  # the server ended: nobody waits for ever


def send(connection: socket.socket, method: str, params: Any, ident: int | None = None) -> None:
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
    if ident is not None:
        message["id"] = ident
    body = json.dumps(message).encode()
    connection.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def response(connection: socket.socket, ident: int) -> dict[str, Any]:
    buffer = b""
    while True:
        head, _, rest = buffer.partition(b"\r\n\r\n")
        if _:
            length = int(re.search(rb"Content-Length: (\d+)", head).group(1))  # type: ignore[union-attr]
            if len(rest) >= length:
                message: dict[str, Any] = json.loads(rest[:length])
                buffer = rest[length:]
                if message.get("id") == ident and "method" not in message:
                    return message
                continue
        ready, _, _ = select.select([connection], [], [], WAIT)
        assert ready, "the server said nothing"
        chunk = connection.recv(65536)
        assert chunk, "the server closed the connection"
        buffer += chunk


def test_a_port_scan_does_not_end_the_server_and_a_client_is_served_after_it(tmp_path: Any) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "portlint", "serve", "--tcp", "127.0.0.1:0", "--log-level", "info"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    log = ServerLog(server)
    try:
        assert log.listening.wait(WAIT) and log.port is not None, log.text
        address = ("127.0.0.1", log.port)
        for greeting in (b"", b"", b"GET / HTTP/1.0\r\n\r\n"):  # two silent scans, one that speaks HTTP
            with socket.create_connection(address, timeout=WAIT) as scan:
                scan.sendall(greeting)
        with socket.create_connection(address, timeout=WAIT) as client:
            send(client, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}, 1)
            assert "capabilities" in response(client, 1)["result"]
            send(client, "initialized", {})
            with socket.create_connection(address, timeout=WAIT) as second:
                send(second, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}, 1)
                send(client, "shutdown", None, 2)
                assert response(client, 2)["result"] is None
                send(client, "exit", None)
                assert server.wait(timeout=WAIT) == 0
                ready, _, _ = select.select([second], [], [], WAIT)  # it waited its turn; the server is gone
                assert ready and _closed(second)
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()


def _closed(connection: socket.socket) -> bool:
    try:
        return connection.recv(1) == b""
    except ConnectionResetError:
        return True


def test_an_address_in_use_is_a_clear_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        ended = subprocess.run(
            [sys.executable, "-m", "portlint", "serve", "--tcp", f"127.0.0.1:{port}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
    assert ended.returncode == 2
    assert ended.stderr.startswith(f"portlint: error: cannot serve on 127.0.0.1:{port}: "), ended.stderr
    assert "Traceback" not in ended.stderr
