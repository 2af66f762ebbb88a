"""A stand-in for macOS's AirPlay Receiver: a process named `ControlCenter` that holds a port and answers
every HTTP request with `403 Forbidden` and `Server: AirTunes/...`, as the real one does on :5000.

    python examples/standins/airplay.py --port 5000 [--host 127.0.0.1 | 0.0.0.0 | :: | ::1 | both]

`both` listens on `0.0.0.0` and `::` (IPv6 only), like the real `*:5000` pair. `--port 0` picks a free port.
Prints `ready <port>` once listening, so callers wait on that line instead of sleeping; exits on
SIGTERM/SIGINT. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import os
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType

NAME = "ControlCenter"
SERVER = "AirTunes/620.8.2"
PR_SET_NAME = 15  # linux/prctl.h


def take_the_name() -> None:
    """Look like ControlCenter to psutil: argv[0] by re-executing once, and the kernel's comm name."""
    if sys.platform == "linux" and sys.orig_argv[:1] != [NAME]:
        # Same pid after exec, so whoever started us still knows us. Keep the interpreter's own options.
        # On failure keep running under the interpreter's name; prctl below still renames us.
        with contextlib.suppress(OSError):
            os.execv(sys.executable, [NAME, *sys.orig_argv[1:]])
    if sys.platform == "linux":
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_NAME, ctypes.c_char_p(NAME.encode()), 0, 0, 0)


class Forbidden(BaseHTTPRequestHandler):
    """Every method, every path: 403 with an empty body, as AirPlay Receiver answers a browser."""

    protocol_version = "HTTP/1.1"
    server_version = SERVER
    sys_version = ""

    def version_string(self) -> str:
        return SERVER

    def forbid(self) -> None:
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.send_header("X-Apple-ProcessingTime", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = forbid

    def log_message(self, format: str, *args: object) -> None:
        pass  # stdout carries only the ready line


class V4Server(ThreadingHTTPServer):
    address_family = socket.AF_INET
    daemon_threads = True


class V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True
    v6_only = False

    def server_bind(self) -> None:
        if self.v6_only:  # beside a 0.0.0.0 socket on the same port, `::` must not also take IPv4
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


def make_server(host: str, port: int, v6_only: bool = False) -> ThreadingHTTPServer:
    if ":" in host:
        server: ThreadingHTTPServer = type("Server", (V6Server,), {"v6_only": v6_only})((host, port), Forbidden)
        return server
    return V4Server((host, port), Forbidden)


def listen(host: str, port: int) -> list[ThreadingHTTPServer]:
    if host != "both":
        return [make_server(host, port)]
    for _attempt in range(20):  # with --port 0 the port free on IPv4 may be taken on IPv6: pick again
        first = make_server("0.0.0.0", port)
        chosen = first.server_address[1]
        try:
            return [first, make_server("::", chosen, v6_only=True)]
        except OSError:
            first.server_close()
            if port != 0:
                raise
    raise OSError("no port free on both 0.0.0.0 and ::")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--host", default="both", help="127.0.0.1, 0.0.0.0, ::, ::1 or both (default)")
    args = parser.parse_args(argv)
    take_the_name()
    try:
        servers = listen(args.host, args.port)
    except OSError as error:
        print(f"cannot listen on {args.host} port {args.port}: {error}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"ready {servers[0].server_address[1]}", flush=True)
    stop.wait()
    for server in servers:  # no shutdown(): it waits out serve_forever's poll; the threads are daemons
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
