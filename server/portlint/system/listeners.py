"""Who really listens: every listening TCP socket and the process that holds it.

Two speeds. `listening_sockets()` is the cheap look for change detection (the set of sockets, no owners);
`attribute()` names the owners of the sockets that changed, reusing the previous snapshot for the rest.
`take_snapshot()` does both at once and fills in the facts about `localhost` and, on Windows, the excluded
port ranges (`netsh.py`).

Ways to find listeners, each of which can be forced:
- "netlink": Linux's sock_diag (as `ss` asks: only the listening hash is walked) plus a scan of /proc/*/fd
  for just the needed socket inodes; the default on Linux;
- "procfs": the same with /proc/net/tcp{,6} as the table (slower: the kernel walks every connection slot);
- "psutil": `psutil.net_connections()`, system-wide. It needs root on macOS; when refused it steps down to
  "per-process" (and `Snapshot.method` says so);
- "per-process": `proc.net_connections()` for each process: sees the user's own processes when the
  system-wide view is refused (macOS's ControlCenter belongs to the user);
- "lsof": `lsof -F`, the way macOS tools look.
Processes that exit or refuse mid-scan never raise: the socket stays, with what could be read of its owner.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from typing import Literal

import psutil
from msgspec import Struct

from ..core.model import Listener, Process, Snapshot, Socket
from . import lsof, netsh, procfs, sockdiag
from .endpoints import family_number, make_socket
from .localhost import localhost_order, v6_wildcard_takes_v4
from .owners import describe, process_info, still_running

Method = Literal["auto", "netlink", "procfs", "psutil", "per-process", "lsof"]
METHODS: tuple[Method, ...] = ("auto", "netlink", "procfs", "psutil", "per-process", "lsof")
Entries = list[tuple[Socket, int]]  # listening sockets with their inodes


class ProbeUnavailable(RuntimeError):
    """A forced method that cannot run here (no /proc, no lsof)."""


class ProbeStats(Struct):
    """Counts of the expensive steps, so callers and tests can see what a call really did."""

    owner_scans: int = 0  # searches for owners: an fd scan or a psutil sweep
    processes_described: int = 0


STATS = ProbeStats()


# ---- the cheap look --------------------------------------------------------------------------------


def listening_sockets() -> frozenset[Socket]:
    """The set of listening TCP sockets, without owners. Linux: sock_diag, else /proc/net/tcp{,6};
    elsewhere psutil.

    Two SO_REUSEPORT sockets on one address are one `Socket` here: only a full snapshot tells them apart.
    """
    sockets = sockdiag.listening_sockets()
    if sockets is None and procfs.available():
        sockets = procfs.listening_sockets()
    if sockets is not None:
        return sockets
    try:
        found, _method = _psutil_way(describe_owners=False)
    except (psutil.Error, OSError):
        found = _per_process(describe_owners=False)
    return frozenset(listener.socket for listener in found)


# ---- owners ----------------------------------------------------------------------------------------


def attribute(sockets: Iterable[Socket], previous: Snapshot | None = None) -> Snapshot:
    """A snapshot of these sockets with their owners. Listeners of `previous` whose socket is still wanted
    and whose process still runs (same pid, same start time) are reused as they are, and so are sockets
    whose owner could not be seen last time (another user's, the kernel's: looking again would rescan every
    process on every call to fail again); only the other sockets are looked up. Sockets that closed
    meanwhile are dropped."""
    wanted = frozenset(sockets)
    reused, missing = _reusable(wanted, previous)
    found: list[Listener] = []
    method = previous.method if previous is not None else "none"
    if missing:
        STATS.owner_scans += 1
        table = _linux_table("auto")
        if table is not None:
            entries, method = table
            found = _inode_owners([entry for entry in entries if entry[0] in missing])
        else:
            try:
                everything, method = _psutil_way(describe_owners=True)
                found = [listener for listener in everything if listener.socket in missing]
            except (psutil.Error, OSError):  # keep the sockets, owners unknown
                found, method = [Listener(socket, None) for socket in missing], "none"
    return _snapshot([*reused, *found], method)


def _reusable(wanted: frozenset[Socket], previous: Snapshot | None) -> tuple[list[Listener], set[Socket]]:
    if previous is None:
        return [], set(wanted)
    by_socket: dict[Socket, list[Listener]] = {}
    for listener in previous.listeners:
        if listener.socket in wanted:
            by_socket.setdefault(listener.socket, []).append(listener)
    alive: dict[int, bool] = {}

    def running(process: Process | None) -> bool:
        if process is None:  # looked for last time and not seen: the socket has not changed since
            return True
        if process.pid not in alive:
            alive[process.pid] = still_running(process)
        return alive[process.pid]

    reused: list[Listener] = []
    for listeners in by_socket.values():
        if all(running(listener.process) for listener in listeners):
            reused.extend(listeners)
    taken = {listener.socket for listener in reused}
    return reused, {socket for socket in wanted if socket not in taken}


def _linux_table(method: Method) -> tuple[Entries, str] | None:
    """The listening table with inodes, and the way it was read: sock_diag first, then /proc/net/tcp."""
    if method in ("auto", "netlink"):
        entries = sockdiag.listening_entries()
        if entries is not None:
            return entries, "netlink"
    if method in ("auto", "procfs") and procfs.available():
        entries = procfs.listening_entries()
        if entries is not None:
            return entries, "procfs"
    return None


def _inode_owners(entries: Entries) -> list[Listener]:
    owners = procfs.find_owners({inode for _socket, inode in entries})
    processes: dict[int, Process | None] = {}
    listeners: list[Listener] = []
    for socket, inode in entries:
        pid = owners.get(inode)
        process = None
        if pid is not None:
            if pid not in processes:
                STATS.processes_described += 1
                processes[pid] = process_info(pid)
            process = processes[pid]
        listeners.append(Listener(socket, process))
    return listeners


# ---- psutil, system-wide and per process ----------------------------------------------------------


def _psutil_way(describe_owners: bool) -> tuple[list[Listener], str]:
    """System-wide when allowed, else per process."""
    try:
        return _system_wide(describe_owners), "psutil"
    except psutil.AccessDenied:
        return _per_process(describe_owners), "per-process"


def _system_wide(describe_owners: bool) -> list[Listener]:
    processes: dict[int, Process | None] = {}
    listeners: list[Listener] = []
    for connection in psutil.net_connections(kind="tcp"):
        if connection.status != psutil.CONN_LISTEN or not connection.laddr:
            continue
        socket = make_socket(connection.laddr.ip, connection.laddr.port, family_number(connection.family))
        if socket is None:
            continue
        process = None
        if describe_owners and connection.pid is not None:
            if connection.pid not in processes:
                STATS.processes_described += 1
                processes[connection.pid] = process_info(connection.pid)
            process = processes[connection.pid]
        listeners.append(Listener(socket, process))
    return listeners


def _per_process(describe_owners: bool) -> list[Listener]:
    listeners: list[Listener] = []
    for proc in psutil.process_iter():
        try:
            connections = proc.net_connections(kind="tcp")
        except (psutil.Error, OSError):
            continue  # gone, a zombie, or another user's: its sockets are not ours to see
        sockets = [
            socket
            for connection in connections
            if connection.status == psutil.CONN_LISTEN and connection.laddr
            if (socket := make_socket(connection.laddr.ip, connection.laddr.port, family_number(connection.family)))
            is not None
        ]
        if not sockets:
            continue
        process = None
        if describe_owners:
            STATS.processes_described += 1
            process = describe(proc)
        listeners.extend(Listener(socket, process) for socket in sockets)
    return listeners


# ---- lsof ------------------------------------------------------------------------------------------


def _lsof_way() -> list[Listener] | None:
    output = lsof.run_lsof()
    if output is None:
        return None
    listeners: list[Listener] = []
    processes: dict[int, Process | None] = {}
    for listener in lsof.parse_lsof(output):
        seen = listener.process
        if seen is None:  # lsof names the process of every file it lists; kept for the type checker
            continue
        if seen.pid not in processes:
            STATS.processes_described += 1
            processes[seen.pid] = process_info(seen.pid)
        # psutil knows more (cwd, cmdline); what lsof saw stands when the process refuses or is gone.
        listeners.append(Listener(listener.socket, processes[seen.pid] or seen))
    return listeners


# ---- the snapshot ----------------------------------------------------------------------------------


def take_snapshot(method: Method = "auto") -> Snapshot:
    """Every listener with its owner, plus this machine's facts about `localhost`.

    "auto" uses sock_diag or /proc where they work (Linux), else psutil (stepping down to per-process
    scanning), else lsof. A forced method that cannot run here raises `ProbeUnavailable`; "auto" never
    raises.
    """
    if method in ("auto", "netlink", "procfs"):
        table = _linux_table(method)
        if table is not None:
            STATS.owner_scans += 1
            return _snapshot(_inode_owners(table[0]), table[1])
        if method != "auto":
            raise ProbeUnavailable(f"{method}: the kernel's socket table cannot be read here")
    if method == "lsof":
        found = _lsof_way()
        if found is None:
            raise ProbeUnavailable("lsof is not installed or failed")
        STATS.owner_scans += 1
        return _snapshot(found, "lsof")
    if method == "per-process":
        STATS.owner_scans += 1
        return _snapshot(_per_process(describe_owners=True), "per-process")
    try:
        STATS.owner_scans += 1
        listeners, used = _psutil_way(describe_owners=True)
        return _snapshot(listeners, used)
    except (psutil.Error, OSError):
        if method == "psutil":
            raise
    found = _lsof_way() if lsof.available() else None
    return _snapshot(found or [], "lsof" if found is not None else "none")


def _snapshot(listeners: Iterable[Listener], method: str) -> Snapshot:
    unique = {(listener.socket, listener.process.pid if listener.process else -1): listener for listener in listeners}
    ordered = tuple(unique[key] for key in sorted(unique))
    return Snapshot(
        listeners=ordered,
        platform=sys.platform,
        localhost_order=localhost_order(),
        v6_wildcard_takes_v4=v6_wildcard_takes_v4(),
        taken_at=time.time(),
        method=method,
        reserved=netsh.reserved_ranges(),
    )
