"""Real servers for the probe tests: the Flask app, the AirTunes stand-in, and sockets that do not speak
HTTP. Processes are ended by their pid (process group) on the way out; waiting is on their `ready` line."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fidelity.running import Running, started

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
AIRPLAY = REPO / "examples" / "standins" / "airplay.py"
READY = 20.0


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")} | {"PYTHONPATH": str(REPO)}


@contextmanager
def flask_app(mode: str, host: str = "127.0.0.1", port: int = 0) -> Iterator[int]:
    """The Flask app of `cors_app.py` in `mode`; yields its port."""
    argv = [sys.executable, str(HERE / "cors_app.py"), mode, "--host", host, "--port", str(port)]
    with started(argv, HERE, _environment()) as running:
        yield _ready(running)


@contextmanager
def airplay(host: str, port: int = 0) -> Iterator[int]:
    """The AirTunes stand-in (403, `Server: AirTunes/...`); yields its port."""
    argv = [sys.executable, str(AIRPLAY), "--host", host, "--port", str(port)]
    with started(argv, REPO, _environment()) as running:
        yield _ready(running)


def _ready(running: Running) -> int:
    return int(running.wait_for(r"ready (\d+)", READY).group(1))


@contextmanager
def raw_server(serve: Callable[[socket.socket], None]) -> Iterator[int]:
    """A TCP listener on 127.0.0.1 whose every connection is handed to `serve` (then closed): for peers that
    do not speak HTTP. Yields its port; closes the listener and joins its thread on the way out."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection, contextlib.suppress(OSError):
                serve(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=10)


def send_garbage(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.sendall(b"\x00\xffSSH-2.0-OpenSSH_9.2 not http\r\n")


def say_nothing(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.recv(65536)  # waits until the client gives up and closes


def reset(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
