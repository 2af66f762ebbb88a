"""Linux: listening TCP sockets from the kernel's sock_diag netlink interface, the way `ss -ltn` asks.

Why not /proc/net/tcp: reading it walks the whole established-connection hash table on every read, even
with nothing in it (measured 6-7 ms per table on a VM with 262144 buckets). A sock_diag request for the
LISTEN state walks only the listening hash: about 0.05 ms for both families. Layouts from
linux/netlink.h, linux/sock_diag.h and linux/inet_diag.h.
"""

from __future__ import annotations

import socket
import struct
import sys
from collections.abc import Iterator

from ..core.model import Socket

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
TCP_LISTEN = 10

NLMSGHDR = struct.Struct("=IHHII")  # length, type, flags, sequence, port id
# inet_diag_req_v2: family, protocol, extensions, pad, states; then an empty inet_diag_sockid (48 bytes).
REQUEST = struct.Struct("=BBBBI48x")
# inet_diag_msg: family, state, timer, retrans; sockid: sport, dport (big-endian), src[16], dst[16], if,
# cookie[2]; then expires, rqueue, wqueue, uid, inode.
MESSAGE = struct.Struct("=BBBB2s2s16s16sI8sIIIII")
# The parts read on the hot path in one go: the header's length and type, then the message's family, state,
# source port (in network order, read here in host order) and source address; the inode separately.
HEADED = struct.Struct("=IH10xBB2xH2x16s")
INODE = struct.Struct("=I")
LITTLE_ENDIAN = sys.byteorder == "little"
INODE_OFFSET = MESSAGE.size - INODE.size
FAMILIES = ((socket.AF_INET, 4), (socket.AF_INET6, 6))
RECEIVE_BUFFER = 1 << 16
TIMEOUT = 2.0


def request(family: int, sequence: int = 1) -> bytes:
    """The dump request for every TCP socket of `family` in the LISTEN state."""
    body = REQUEST.pack(family, socket.IPPROTO_TCP, 0, 0, 1 << TCP_LISTEN)
    return NLMSGHDR.pack(NLMSGHDR.size + len(body), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, sequence, 0) + body


class DumpError(OSError):
    """The kernel answered the dump with an error (no inet_diag support, not permitted)."""


def parse_messages(data: bytes) -> tuple[list[tuple[Socket, int]], bool]:
    """(socket, inode) for each LISTEN message in one netlink datagram, and whether the dump is done.

    Raises DumpError for an NLMSG_ERROR; stops quietly at a truncated message. The hot path of the cheap
    look (one pass per listening socket), hence one unpack per message and a cache of address texts."""
    entries: list[tuple[Socket, int]] = []
    offset, size = 0, len(data)
    while offset + HEADED.size <= size:
        length, kind, family, state, port, source = HEADED.unpack_from(data, offset)
        if length < NLMSGHDR.size or offset + length > size:
            break
        if kind == SOCK_DIAG_BY_FAMILY:
            if length >= NLMSGHDR.size + MESSAGE.size and state == TCP_LISTEN:
                entry = _entry(data, offset, family, _swap(port), source)
                if entry is not None:
                    entries.append(entry)
        elif kind == NLMSG_DONE:
            return entries, True
        elif kind == NLMSG_ERROR:
            (error,) = struct.unpack_from("=i", data, offset + NLMSGHDR.size)
            raise DumpError(-error, "sock_diag dump refused")
        offset += (length + 3) & ~3  # NLMSG_ALIGN
    if size - offset >= NLMSGHDR.size:  # a short last message: NLMSG_DONE carries only an int
        length, kind, *_rest = NLMSGHDR.unpack_from(data, offset)
        if kind == NLMSG_ERROR and offset + length <= size and length >= NLMSGHDR.size + 4:
            (error,) = struct.unpack_from("=i", data, offset + NLMSGHDR.size)
            raise DumpError(-error, "sock_diag dump refused")
        return entries, kind == NLMSG_DONE and offset + length <= size
    return entries, False


def _swap(port: int) -> int:
    """The source port, read in host order, back to its value (it is sent in network order)."""
    return ((port & 0xFF) << 8) | (port >> 8) if LITTLE_ENDIAN else port


# (family, raw source address) -> its text: listening addresses repeat (0.0.0.0, 127.0.0.1, ::).
_address_cache: dict[tuple[int, bytes], str] = {}


def _entry(data: bytes, offset: int, family: int, port: int, source: bytes) -> tuple[Socket, int] | None:
    address = _address_cache.get((family, source))
    if address is None:
        if family not in (socket.AF_INET, socket.AF_INET6):
            return None
        address = socket.inet_ntop(family, source[:4] if family == socket.AF_INET else source)
        if len(_address_cache) < 4096:
            _address_cache[(family, source)] = address
    (inode,) = INODE.unpack_from(data, offset + NLMSGHDR.size + INODE_OFFSET)
    return Socket(address, port, 6 if family == socket.AF_INET6 else 4), inode


def _dump(channel: socket.socket, family: int, sequence: int) -> Iterator[tuple[Socket, int]]:
    channel.send(request(family, sequence))
    while True:
        entries, done = parse_messages(channel.recv(RECEIVE_BUFFER))
        yield from entries
        if done:
            return


def listening_entries() -> list[tuple[Socket, int]] | None:
    """Every listening TCP socket with its inode; None when sock_diag is not there (not Linux, a kernel
    without inet_diag, a sandbox that forbids netlink)."""
    family_netlink = getattr(socket, "AF_NETLINK", None)
    if family_netlink is None:
        return None
    try:
        with socket.socket(family_netlink, socket.SOCK_DGRAM, NETLINK_SOCK_DIAG) as channel:
            channel.settimeout(TIMEOUT)
            entries: list[tuple[Socket, int]] = []
            for sequence, (family, _number) in enumerate(FAMILIES, start=1):
                try:
                    entries.extend(_dump(channel, family, sequence))
                except DumpError:
                    if family == socket.AF_INET:
                        raise
                    # no IPv6 in this kernel: nothing listens on it
            return entries
    except (OSError, struct.error):
        return None


def listening_sockets() -> frozenset[Socket] | None:
    entries = listening_entries()
    return None if entries is None else frozenset(item for item, _inode in entries)
