"""Linux: listening TCP sockets read straight from /proc/net/tcp{,6}, and their owners from /proc/*/fd.

psutil does the same work for *every* socket and process; here the table is read once and the fd scan
stops as soon as the few wanted socket inodes are found.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Collection, Iterator

from ..core.model import Socket

TABLES = (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6))
LISTEN = b"0A"  # TCP_LISTEN in the `st` column

# Hex address as the kernel prints it -> its text. Listening addresses repeat (0.0.0.0, 127.0.0.1, ::).
_address_cache: dict[bytes, str] = {}


def available() -> bool:
    return os.path.exists(TABLES[0][0])


def decode_address(hex_address: bytes, family: int) -> str:
    """`0100007F` -> "127.0.0.1". The kernel prints each 32-bit word of the address in host byte order."""
    text = _address_cache.get(hex_address)
    if text is None:
        raw = bytes.fromhex(hex_address.decode("ascii"))
        if sys.byteorder == "little":
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
        text = socket.inet_ntop(socket.AF_INET6 if family == 6 else socket.AF_INET, raw)
        if len(_address_cache) < 4096:
            _address_cache[hex_address] = text
    return text


def parse_listening(data: bytes, family: int) -> Iterator[tuple[Socket, int]]:
    """(socket, inode) for every LISTEN row of one table's text. Rows that do not parse are skipped."""
    for line in data.split(b"\n")[1:]:
        fields = line.split()
        if len(fields) < 10 or fields[3] != LISTEN:
            continue
        hex_address, _, hex_port = fields[1].partition(b":")
        try:
            yield Socket(decode_address(hex_address, family), int(hex_port, 16), family), int(fields[9])
        except (ValueError, OSError):
            continue


def parse_listening_sockets(data: bytes, family: int) -> set[Socket]:
    """The fast path of `parse_listening`: only the columns the listening set needs."""
    found: set[Socket] = set()
    for line in data.split(b"\n")[1:]:
        fields = line.split(None, 4)  # sl, local, remote, st, rest: the rest is never split
        if len(fields) < 4 or fields[3] != LISTEN:
            continue
        hex_address, _, hex_port = fields[1].partition(b":")
        try:
            found.add(Socket(decode_address(hex_address, family), int(hex_port, 16), family))
        except (ValueError, OSError):
            continue
    return found


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as table:
            return table.read()
    except FileNotFoundError:
        return b""  # no tcp6 table: IPv6 is off
    except OSError:
        return None


def listening_sockets() -> frozenset[Socket] | None:
    """Every listening TCP socket of this network namespace; None when /proc cannot be read."""
    found: set[Socket] = set()
    for path, family in TABLES:
        data = _read(path)
        if data is None:
            return None
        found |= parse_listening_sockets(data, family)
    return frozenset(found)


def listening_entries() -> list[tuple[Socket, int]] | None:
    """Every listening TCP socket with its inode (two SO_REUSEPORT sockets on one address are two rows)."""
    entries: list[tuple[Socket, int]] = []
    for path, family in TABLES:
        data = _read(path)
        if data is None:
            return None
        entries.extend(parse_listening(data, family))
    return entries


def find_owners(inodes: Collection[int], proc: str = "/proc") -> dict[int, int]:
    """inode -> pid of the first process found holding that socket. Stops once every inode is found.

    Processes we may not look into (another user's, without root) and processes that exit meanwhile are
    passed over: their sockets stay without owner. A socket shared by several processes (inherited across
    fork) is attributed to the first one met, the lowest pid as a rule: the parent.
    """
    wanted = {f"socket:[{inode}]": inode for inode in inodes if inode > 0}
    owners: dict[int, int] = {}
    if not wanted:
        return owners
    try:
        pids = sorted(int(name) for name in os.listdir(proc) if name.isdigit())
    except OSError:
        return owners
    for pid in pids:
        fd_dir = f"{proc}/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                inode = wanted.get(os.readlink(f"{fd_dir}/{fd}"))
            except OSError:
                continue
            if inode is not None and inode not in owners:
                owners[inode] = pid
                if len(owners) == len(wanted):
                    return owners
    return owners
