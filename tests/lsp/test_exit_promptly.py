"""`exit`, stdin closing, the editor dying and `shutdown` with requests pending end the process whatever
background work runs: a walk of the tree that never ends (held on a FIFO the test never opens), a CORS probe
of a server that trickles its answer. The bounds are hang guards (the old server waited for ever), not
timings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from .raw_client import RawClient

GUARD = 10.0  # seconds: the promise is 1 s; the old server never ended at all
HELD_WALK = [sys.executable, "-m", "tests.lsp.blocked_walk"]


@pytest.fixture
def held_walk(tmp_path: Path) -> list[str]:
    """The server command whose every walk of the tree blocks (nobody ever opens the FIFO's other end)."""
    fifo = tmp_path.parent / f"{tmp_path.name}-gate"
    os.mkfifo(fifo)
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5998}}, "hosting": {}}\n')
    return [*HELD_WALK, str(fifo)]


def gone(client: RawClient) -> int:
    try:
        return client.process.wait(timeout=GUARD)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the server was still running {GUARD:g} s later") from None


def test_exit_ends_the_process_while_the_first_walk_runs(tmp_path: Path, held_walk: list[str]) -> None:
    client = RawClient(tmp_path, command=held_walk)
    try:
        client.initialize()
        client.send("exit", request=False)
        assert gone(client) == 1  # no shutdown first
    finally:
        client.kill()


def test_stdin_closing_ends_the_process_while_the_first_walk_runs(tmp_path: Path, held_walk: list[str]) -> None:
    client = RawClient(tmp_path, command=held_walk)
    try:
        client.initialize()
        assert client.process.stdin is not None
        client.process.stdin.close()
        gone(client)
    finally:
        client.kill()


def test_the_editor_dying_is_noticed_before_the_first_walk_ends(tmp_path: Path, held_walk: list[str]) -> None:
    editor = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    client = RawClient(tmp_path, parent=editor.pid, command=held_walk)
    try:
        client.initialize()
        assert editor.stdin is not None
        editor.stdin.close()
        editor.wait()
        gone(client)
        assert not psutil.pid_exists(client.process.pid) or psutil.Process(client.process.pid).status() == "zombie"
    finally:
        client.kill()
        if editor.poll() is None:
            editor.kill()


def test_shutdown_with_requests_pending_answers_and_exit_gives_0(tmp_path: Path, held_walk: list[str]) -> None:
    client = RawClient(tmp_path, command=held_walk)
    try:
        client.initialize()
        pending = [client.send("workspace/executeCommand", {"command": "portlint.recheck"}) for _ in range(3)]
        pending += [client.send("textDocument/hover", _hover(tmp_path / "firebase.json", 0, 40)) for _ in range(3)]
        answer = client.request("shutdown")
        assert "error" not in answer, answer  # was -32603 "dictionary changed size during iteration"
        assert answer["result"] is None
        client.send("exit", request=False)
        assert gone(client) == 0
    finally:
        client.kill()
    assert pending


@contextmanager
def trickling_server() -> Iterator[tuple[int, threading.Event]]:
    """A loopback HTTP server that sends its status line, then one header byte every half second."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted, stop = threading.Event(), threading.Event()

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        accepted.set()
        with connection:
            try:
                connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                while not stop.wait(0.5):  # the server's pace, not the test's synchronisation
                    connection.sendall(b"a")
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        listener.close()
        thread.join(GUARD)


def test_exit_ends_the_process_during_a_cors_probe(tmp_path: Path) -> None:
    client = RawClient(tmp_path)
    with trickling_server() as (port, accepted):
        try:
            client.initialize()
            client.send("workspace/executeCommand", {"command": "portlint.probeCors", "arguments": [
                {"url": f"http://127.0.0.1:{port}/api"}
            ]})  # fmt: skip
            assert accepted.wait(GUARD), "the probe never connected"
            client.send("exit", request=False)
            gone(client)
        finally:
            client.kill()


def _hover(path: Path, line: int, character: int) -> dict[str, object]:
    return {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}}
