"""Real processes that hold ports, for live tests, benchmarks and the demo.

Each helper is a context manager: it starts a process, waits (select on its stdout, with a timeout, never
a sleep) for the `ready <port>...` line the process prints once it listens, yields a `Holder`, and on
exit ends that process by its pid. POSIX only (select on pipes).

Run as a program this file is also the generic holder itself:

    python tests/holders.py --host 127.0.0.1 --port 0 [--count 500] [--name flask] [--reuseport]

It binds, prints `ready <port> <port>...`, answers every connection with a tiny HTTP 200 whose body is
`<name> <pid>` (so a test can tell which of two SO_REUSEPORT holders answered) and exits on SIGTERM or
when its stdin closes (so it never outlives a crashed test run).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import os
import select
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
AIRPLAY = ROOT / "examples" / "standins" / "airplay.py"
READY_TIMEOUT = 15.0
PR_SET_NAME = 15


@dataclass
class Holder:
    """A running process that listens; `port` is its first port."""

    process: subprocess.Popen[bytes]
    host: str
    ports: tuple[int, ...]

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        return self.ports[0]

    def stop(self) -> None:
        """End the process by its pid and reap it: once this returns its sockets are closed."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


# ---- free ports ------------------------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on at `host` right now (the kernel's pick)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def free_port_both(attempts: int = 50) -> int:
    """A port free on both 127.0.0.1 and ::1."""
    for _ in range(attempts):
        port = free_port("127.0.0.1")
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("::1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no port free on both 127.0.0.1 and ::1")


# ---- starting and stopping -------------------------------------------------------------------------


def _wait_ready(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, ...]:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    received = b""
    while b"\n" not in received:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"pid {process.pid} printed no ready line within {timeout} s")
        readable, _, _ = select.select([process.stdout], [], [], remaining)
        if readable:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"pid {process.pid} ended before it was ready")
            received += chunk
    words = received.split(b"\n", 1)[0].decode().split()
    if not words or words[0] != "ready" or len(words) < 2:
        raise RuntimeError(f"pid {process.pid} said {received!r} instead of 'ready <port>'")
    return tuple(int(word) for word in words[1:])


@contextmanager
def _holding(
    argv: Sequence[str], host: str, cwd: str | os.PathLike[str] | None, prefix: Sequence[str] = ()
) -> Iterator[Holder]:
    process = subprocess.Popen(
        [*prefix, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, bufsize=0
    )
    holder = Holder(process, host, ())
    try:
        try:
            holder.ports = _wait_ready(process, READY_TIMEOUT)
        except (RuntimeError, TimeoutError) as error:
            process.kill()
            process.wait()
            detail = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"{error}: {' '.join(argv)}\n{detail}") from None
        yield holder
    finally:
        holder.stop()


@contextmanager
def airplay_standin(
    port: int = 0,
    host: str = "127.0.0.1",
    cwd: str | os.PathLike[str] | None = None,
    prefix: Sequence[str] = (),
) -> Iterator[Holder]:
    """examples/standins/airplay.py: `ControlCenter` answering 403 AirTunes on `host` (or "both"). `prefix`
    runs it through another command that execs it (`nsenter --net=...`: inside a network namespace)."""
    argv = [sys.executable, str(AIRPLAY), "--port", str(port), "--host", host]
    with _holding(argv, host, cwd, prefix) as holder:
        yield holder


@contextmanager
def listener(
    host: str = "127.0.0.1",
    port: int = 0,
    name: str | None = None,
    *,
    count: int = 1,
    reuseport: bool = False,
    cwd: str | os.PathLike[str] | None = None,
) -> Iterator[Holder]:
    """A generic holder of `count` sockets on `host` (port 0: each a free port), named `name` if given."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--host", host, "--port", str(port), "--count", str(count)]
    if name:
        argv += ["--name", name]
    if reuseport:
        argv.append("--reuseport")
    with _holding(argv, host, cwd) as holder:
        yield holder


@contextmanager
def reuseport_pair(port: int = 0) -> Iterator[tuple[Holder, Holder]]:
    """Two processes both listening on 127.0.0.1:`port` with SO_REUSEPORT (Linux: the kernel splits the
    connections between them). The first is named "flask", the second "python"."""
    with listener("127.0.0.1", port, name="flask", reuseport=True) as first:  # noqa: SIM117 - the port comes from the first
        with listener("127.0.0.1", first.port, name="python", reuseport=True) as second:
            yield first, second


# ---- the generic holder itself ----------------------------------------------------------------------


def _rename(name: str) -> None:
    if sys.platform == "linux":
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)


def _bind(host: str, port: int, reuseport: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if reuseport:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _serve(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--name")
    parser.add_argument("--reuseport", action="store_true")
    args = parser.parse_args(argv)
    if args.name:
        _rename(args.name)
    sockets = [_bind(args.host, args.port, args.reuseport) for _ in range(args.count)]
    name = args.name or "python"
    body = f"{name} {os.getpid()}\n".encode()
    answer = b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    selector = selectors.DefaultSelector()
    for sock in sockets:
        selector.register(sock, selectors.EVENT_READ, sock)
    selector.register(sys.stdin, selectors.EVENT_READ, None)
    print("ready", *(sock.getsockname()[1] for sock in sockets), flush=True)
    while True:
        for key, _events in selector.select():
            listening: socket.socket | None = key.data
            if listening is None:
                if not os.read(sys.stdin.fileno(), 4096):
                    return 0  # whoever started us is gone
                continue
            with contextlib.suppress(OSError):
                connection, _ = listening.accept()
                with connection:
                    connection.settimeout(5)
                    connection.recv(65536)  # read the request first: closing on unread data resets
                    connection.sendall(answer)


if __name__ == "__main__":
    sys.exit(_serve())
