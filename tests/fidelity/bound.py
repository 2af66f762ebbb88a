"""What the kernel says a process (and its children) listens on, read with psutil.

A process in another network namespace has sockets only that namespace's tables show, so for one the
query runs this file as a program inside it (`nsenter ... python bound.py PID`), printing JSON.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True, order=True)
class Bound:
    family: int  # 4 or 6
    address: str
    port: int


def listening(pid: int, namespace_prefix: Sequence[str] = ()) -> set[Bound]:
    """The TCP sockets `pid` and its descendants listen on."""
    if namespace_prefix:
        result = subprocess.run(
            [*namespace_prefix, sys.executable, str(Path(__file__).resolve()), str(pid)],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return {Bound(*row) for row in json.loads(result.stdout)}
    return _listening_here(pid)


def _listening_here(pid: int) -> set[Bound]:
    root = psutil.Process(pid)
    found: set[Bound] = set()
    for process in [root, *root.children(recursive=True)]:
        try:
            connections = process.net_connections(kind="tcp")
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
        for connection in connections:
            if connection.status == psutil.CONN_LISTEN:
                family = 6 if connection.family == socket.AF_INET6 else 4
                found.add(Bound(family, connection.laddr.ip, connection.laddr.port))
    return found


if __name__ == "__main__":
    print(json.dumps([[b.family, b.address, b.port] for b in sorted(_listening_here(int(sys.argv[1])))]))
