"""A private network namespace (only its own loopback), so a test can use a fixed port like 5000 that
something on this machine may hold. Linux, root (or user namespaces); needs `unshare`, `nsenter`, `ip`.

The namespace lives as long as a tiny holder process (`cat` on a pipe we own); commands join it with
`nsenter --net=/proc/PID/ns/net`, which execs them, so their pid is the one we started.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .running import Running

READY_TIMEOUT = 15.0


class Unavailable(Exception):
    """No private network namespace on this machine; the message says why."""


class NetNamespace:
    def __init__(self, holder: Running) -> None:
        self.holder = holder

    @property
    def prefix(self) -> list[str]:
        """Put before a command to run it inside the namespace."""
        return ["nsenter", f"--net=/proc/{self.holder.pid}/ns/net"]


@contextmanager
def net_namespace() -> Iterator[NetNamespace]:
    if not sys.platform.startswith("linux"):
        raise Unavailable("network namespaces are Linux only")
    tools = {name: shutil.which(name) for name in ("unshare", "nsenter", "ip")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        raise Unavailable(f"missing {', '.join(missing)} (util-linux, iproute2)")
    script = f"{tools['ip']} link set lo up && echo up && exec cat"
    process = subprocess.Popen(
        ["unshare", "--net", "sh", "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    holder = Running(process, ["unshare", "--net", "sh", "-c", script])
    try:
        try:
            holder.wait_for(r"(?m)^up$", READY_TIMEOUT)
        except AssertionError as error:
            raise Unavailable(f"`unshare --net` failed: {error}") from None
        yield NetNamespace(holder)
    finally:
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # `cat` ends on EOF
        holder.stop()
