"""Listening sockets as `lsof -F` reports them: the way macOS tools (firebase-tools among them) look.

`-F` output is one field per line, the first character naming the field: a `p` line starts a process
set (followed by its `c`, `R`, `u`, `L` lines), an `f` line starts a file set of that process (followed by
`t`, `n` and `T` lines). See lsof(8), "OUTPUT FOR OTHER PROGRAMS".
"""

from __future__ import annotations

import shutil
import subprocess

from msgspec import Struct, field

from ..core.model import Listener, Process
from .endpoints import make_socket

COMMAND = ("lsof", "-nP", "-w", "-iTCP", "-sTCP:LISTEN", "-F", "pcRuLftnT")
FAMILIES = {"IPv4": 4, "IPv6": 6}


class _ProcessSet(Struct):
    pid: int
    name: str = "?"
    ppid: int | None = None
    uid: str | None = None
    login: str | None = None

    def process(self) -> Process:
        return Process(pid=self.pid, name=self.name, ppid=self.ppid, user=self.login or self.uid)


class _FileSet(Struct):
    kind: str | None = None  # "IPv4" / "IPv6"
    name: str | None = None  # "*:5000", "127.0.0.1:5000", "[::1]:5000"
    tcp: dict[str, str] = field(default_factory=dict)  # "ST" -> "LISTEN"


def _listener(owner: _ProcessSet | None, file: _FileSet) -> Listener | None:
    if owner is None or file.name is None or "->" in file.name:  # "->": a connection, not a listener
        return None
    if file.tcp.get("ST", "LISTEN") != "LISTEN":
        return None
    host, _, port = file.name.rpartition(":")
    if not port.isdigit():
        return None
    family = FAMILIES.get(file.kind or "", 6 if ":" in host else 4)
    socket = make_socket(host, int(port), family)
    return None if socket is None else Listener(socket, owner.process())


def parse_lsof(output: str) -> list[Listener]:
    """Listeners (with the little lsof knows of their processes) from `lsof -F` text. Never raises:
    lines it does not understand are skipped."""
    listeners: list[Listener] = []
    seen: set[Listener] = set()
    owner: _ProcessSet | None = None
    file: _FileSet | None = None

    def close_file() -> None:
        if file is not None:
            listener = _listener(owner, file)
            if listener is not None and listener not in seen:  # one socket, two fds (dup)
                seen.add(listener)
                listeners.append(listener)

    for line in output.replace("\0", "\n").splitlines():
        if not line:
            continue
        tag, value = line[0], line[1:]
        if tag == "p":
            close_file()
            file = None
            owner = _ProcessSet(int(value)) if value.isdigit() else None
        elif tag == "f":
            close_file()
            file = _FileSet()
        elif file is not None and tag in "tnT":
            if tag == "t":
                file.kind = value
            elif tag == "n":
                file.name = value
            else:
                key, _, tcp_value = value.partition("=")
                file.tcp[key] = tcp_value
        elif owner is not None and file is None:
            if tag == "c":
                owner.name = value
            elif tag == "R" and value.isdigit():
                owner.ppid = int(value)
            elif tag == "u":
                owner.uid = value
            elif tag == "L":
                owner.login = value
    close_file()
    return listeners


def available() -> bool:
    return shutil.which(COMMAND[0]) is not None


def run_lsof(timeout: float = 10.0) -> str | None:
    """lsof's `-F` output; None when lsof is missing or fails. No listener at all is "" (lsof exits 1)."""
    try:
        done = subprocess.run(COMMAND, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):
        return None
    return done.stdout.decode("utf-8", errors="replace")
