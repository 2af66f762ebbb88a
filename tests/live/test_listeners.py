"""Who really listens, against real processes on loopback: every way of looking, forced in turn."""

from __future__ import annotations

import getpass
import http.client
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/holders.py

from holders import AIRPLAY, Holder, airplay_standin, free_port_both, listener, reuseport_pair
from portlint.core.model import Listener, Process, Snapshot, Socket
from portlint.system import listeners as probe
from portlint.system import lsof, owners, procfs, sockdiag
from portlint.system.listeners import STATS, ProbeUnavailable, attribute, listening_sockets, take_snapshot
from portlint.system.localhost import localhost_order, v6_wildcard_takes_v4

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(sys.platform != "linux", reason="the holders and /proc checks are written for Linux"),
]

FORCED = ["netlink", "procfs", "psutil", "per-process", "lsof"]
# What each host puts in the listening table: `both` is the stand-in's 0.0.0.0 plus `::` (IPv6 only).
EXPECTED = {
    "127.0.0.1": {("127.0.0.1", 4)},
    "0.0.0.0": {("0.0.0.0", 4)},
    "::1": {("::1", 6)},
    "::": {("::", 6)},
    "both": {("0.0.0.0", 4), ("::", 6)},
}


def needs(method: str) -> None:
    if method == "lsof" and not lsof.available():
        pytest.skip("lsof is not installed")


def on_port(snapshot: Snapshot, port: int) -> list[Listener]:
    return [item for item in snapshot.listeners if item.port == port]


def without_linux_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look as on a platform without sock_diag and /proc (macOS, Windows), as far as the probes can tell."""
    monkeypatch.setattr(sockdiag, "listening_entries", lambda: None)
    monkeypatch.setattr(procfs, "available", lambda: False)


def sockets_of(holder: Holder) -> set[Socket]:
    return {socket for socket in listening_sockets() if socket.port in holder.ports}


@pytest.fixture
def standin(tmp_path: Path) -> Iterator[Holder]:
    with airplay_standin(0, "127.0.0.1", cwd=tmp_path) as holder:
        yield holder


# ---- every way sees the owner --------------------------------------------------------------------


@pytest.mark.parametrize("method", [*FORCED, "auto"])
def test_each_method_names_the_standin(method: str, standin: Holder, tmp_path: Path) -> None:
    needs(method)
    snapshot = take_snapshot(method)  # type: ignore[arg-type]
    assert snapshot.method == ("netlink" if method == "auto" else method)
    assert snapshot.platform == sys.platform
    [seen] = on_port(snapshot, standin.port)
    assert seen.socket == Socket("127.0.0.1", standin.port, 4)
    process = seen.process
    assert process is not None
    assert process.pid == standin.pid
    assert process.name == "ControlCenter"
    assert process.cmdline[0] == "ControlCenter"
    assert process.cmdline[1] == str(AIRPLAY)
    assert process.cmdline[2:] == ("--port", "0", "--host", "127.0.0.1")
    assert process.cwd == str(tmp_path)
    assert process.user == getpass.getuser()
    assert process.ppid == os.getpid()
    assert process.started == pytest.approx(psutil.Process(standin.pid).create_time(), abs=0.02)


@pytest.mark.parametrize("method", FORCED)
@pytest.mark.parametrize("host", sorted(EXPECTED))
def test_family_and_address(method: str, host: str) -> None:
    needs(method)
    port = free_port_both()
    with airplay_standin(port, host) as holder:
        expected = {(address, family) for address, family in EXPECTED[host]}
        assert {(s.address, s.family) for s in sockets_of(holder)} == expected
        seen = on_port(take_snapshot(method), port)  # type: ignore[arg-type]
        assert {(item.address, item.family) for item in seen} == expected
        assert {item.process.pid for item in seen if item.process} == {holder.pid}


@pytest.mark.parametrize("method", FORCED)
def test_ipv4_mapped_address_stays_ipv6(method: str) -> None:
    needs(method)
    with listener("::ffff:127.0.0.1", 0, name="mapped") as holder:
        assert sockets_of(holder) == {Socket("::ffff:127.0.0.1", holder.port, 6)}
        [seen] = on_port(take_snapshot(method), holder.port)  # type: ignore[arg-type]
        assert seen.socket == Socket("::ffff:127.0.0.1", holder.port, 6)
        assert seen.process is not None and seen.process.name == "mapped"


@pytest.mark.parametrize("method", FORCED)
def test_reuseport_pair_is_two_listeners_on_one_socket(method: str) -> None:
    needs(method)
    with reuseport_pair() as (first, second):
        assert first.port == second.port
        seen = on_port(take_snapshot(method), first.port)  # type: ignore[arg-type]
        assert {item.socket for item in seen} == {Socket("127.0.0.1", first.port, 4)}
        assert {(item.process.pid, item.process.name) for item in seen if item.process} == {
            (first.pid, "flask"),
            (second.pid, "python"),
        }


# ---- the cheap look --------------------------------------------------------------------------------


def test_cheap_look_sees_a_socket_come_and_go() -> None:
    with listener("127.0.0.1", 0) as holder:
        socket = Socket("127.0.0.1", holder.port, 4)
        assert socket in listening_sockets()  # it exists once "ready" was printed
        holder.stop()  # returns once the process is reaped: its sockets are closed
        assert socket not in listening_sockets()


def test_cheap_look_agrees_with_psutil() -> None:
    with listener("127.0.0.1", 0, count=20) as v4, listener("::1", 0, count=20) as v6:
        ours = set(v4.ports) | set(v6.ports)
        cheap = {socket for socket in listening_sockets() if socket.port in ours}
        by_psutil = {
            Socket(c.laddr.ip, c.laddr.port, 6 if c.family.name == "AF_INET6" else 4)
            for c in psutil.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port in ours
        }
        assert cheap == by_psutil
        assert len(cheap) == 40


def test_cheap_look_without_netlink_reads_proc(monkeypatch: pytest.MonkeyPatch, standin: Holder) -> None:
    monkeypatch.setattr(sockdiag, "NETLINK_SOCK_DIAG", 31)  # a netlink protocol nobody serves
    assert sockdiag.listening_entries() is None
    assert Socket("127.0.0.1", standin.port, 4) in listening_sockets()
    assert take_snapshot().method == "procfs"


def test_cheap_look_without_kernel_tables_steps_to_psutil(monkeypatch: pytest.MonkeyPatch, standin: Holder) -> None:
    without_linux_tables(monkeypatch)
    assert Socket("127.0.0.1", standin.port, 4) in listening_sockets()


def test_netlink_and_proc_tables_agree() -> None:
    with listener("127.0.0.1", 0, count=10) as v4, listener("::1", 0, count=10) as v6:
        ours = set(v4.ports) | set(v6.ports)
        by_netlink = sockdiag.listening_entries()
        by_proc = procfs.listening_entries()
        assert by_netlink is not None and by_proc is not None
        assert sorted(e for e in by_netlink if e[0].port in ours) == sorted(e for e in by_proc if e[0].port in ours)
        assert len([e for e in by_netlink if e[0].port in ours]) == 20


def test_netlink_messages_parse_and_fail_safely() -> None:
    source = bytes([127, 0, 0, 1]) + bytes(12)
    body = sockdiag.MESSAGE.pack(
        2, 10, 0, 0, (5000).to_bytes(2, "big"), bytes(2), source, bytes(16), 0, bytes(8), 0, 0, 0, 0, 4242
    )
    message = sockdiag.NLMSGHDR.pack(16 + len(body), sockdiag.SOCK_DIAG_BY_FAMILY, 2, 1, 0) + body
    done = sockdiag.NLMSGHDR.pack(20, sockdiag.NLMSG_DONE, 2, 1, 0) + bytes(4)
    assert sockdiag.parse_messages(message + done) == ([(Socket("127.0.0.1", 5000, 4), 4242)], True)
    assert sockdiag.parse_messages(message[:-10]) == ([], False)  # truncated: nothing, no exception
    assert sockdiag.parse_messages(b"\xff" * 7) == ([], False)
    error = (
        sockdiag.NLMSGHDR.pack(36, sockdiag.NLMSG_ERROR, 0, 1, 0) + (-2).to_bytes(4, "little", signed=True) + bytes(16)
    )
    with pytest.raises(sockdiag.DumpError):
        sockdiag.parse_messages(error)


def test_decode_address_of_proc_tables() -> None:
    # The kernel prints each 32-bit word in host byte order; this host is little-endian as a rule.
    if sys.byteorder != "little":
        pytest.skip("written for little-endian hosts")
    assert procfs.decode_address(b"0100007F", 4) == "127.0.0.1"
    assert procfs.decode_address(b"00000000000000000000000001000000", 6) == "::1"
    assert procfs.decode_address(b"0000000000000000FFFF00000100007F", 6) == "::ffff:127.0.0.1"
    table = (
        b"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        b"   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1\n"
        b"   1: 0100007F:1388 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1\n"
        b"   2: garbage\n"
    )
    assert list(procfs.parse_listening(table, 4)) == [(Socket("127.0.0.1", 5000, 4), 4242)]
    assert procfs.parse_listening_sockets(table, 4) == {Socket("127.0.0.1", 5000, 4)}


@given(st.binary(max_size=400))
def test_netlink_parser_takes_any_bytes(data: bytes) -> None:
    try:
        entries, _done = sockdiag.parse_messages(data)
    except sockdiag.DumpError:
        return
    assert all(0 <= item.port <= 65535 and item.family in (4, 6) for item, _inode in entries)


# ---- attribution -----------------------------------------------------------------------------------


def test_attribution_reuses_previous_owners(standin: Holder) -> None:
    first = take_snapshot()
    [before] = on_port(first, standin.port)
    scans = STATS.owner_scans
    again = attribute(sockets_of(standin), previous=first)
    assert STATS.owner_scans == scans  # no owner search at all
    [after] = again.listeners
    assert after.process is before.process


def test_attribution_reuses_a_sentinel_of_the_same_process(standin: Holder) -> None:
    socket = Socket("127.0.0.1", standin.port, 4)
    started = psutil.Process(standin.pid).create_time()
    sentinel = Process(pid=standin.pid, name="sentinel", started=started)
    previous = Snapshot(listeners=(Listener(socket, sentinel),))
    [seen] = attribute({socket}, previous).listeners
    assert seen.process is sentinel


def test_attribution_does_not_retry_an_owner_it_could_not_see(standin: Holder) -> None:
    """Another user's socket stays unowned without root: retrying would rescan every process each time."""
    socket = Socket("127.0.0.1", standin.port, 4)
    scans = STATS.owner_scans
    [seen] = attribute({socket}, Snapshot(listeners=(Listener(socket, None),))).listeners
    assert (seen.socket, seen.process, STATS.owner_scans) == (socket, None, scans)


def test_attribution_looks_again_when_the_pid_was_reused(standin: Holder) -> None:
    socket = Socket("127.0.0.1", standin.port, 4)
    started = psutil.Process(standin.pid).create_time() - 3600  # same pid, another process
    previous = Snapshot(listeners=(Listener(socket, Process(pid=standin.pid, name="old", started=started)),))
    scans = STATS.owner_scans
    [seen] = attribute({socket}, previous).listeners
    assert STATS.owner_scans == scans + 1
    assert seen.process is not None and seen.process.name == "ControlCenter"


def test_attribution_looks_up_only_new_sockets(standin: Holder) -> None:
    first = take_snapshot()
    with listener("127.0.0.1", 0, name="newcomer") as newcomer:
        described = STATS.processes_described
        snapshot = attribute(sockets_of(standin) | sockets_of(newcomer), previous=first)
        assert STATS.processes_described == described + 1  # the newcomer only
        names = {item.port: item.process.name for item in snapshot.listeners if item.process}
        assert names == {standin.port: "ControlCenter", newcomer.port: "newcomer"}


@pytest.mark.parametrize("has_proc", [True, False], ids=["procfs", "psutil"])
def test_holder_gone_between_look_and_attribution(monkeypatch: pytest.MonkeyPatch, has_proc: bool) -> None:
    if not has_proc:
        without_linux_tables(monkeypatch)
    with listener("127.0.0.1", 0, name="leaving") as holder:
        sockets = sockets_of(holder)
        assert sockets
        holder.stop()
        snapshot = attribute(sockets, previous=None)
    assert all(item.process is None for item in snapshot.listeners)  # dropped, or kept without owner
    assert owners.process_info(holder.pid) is None


def test_previous_owner_gone_is_not_reused(standin: Holder) -> None:
    with listener("127.0.0.1", 0) as gone:
        previous = take_snapshot()
        sockets = sockets_of(gone) | sockets_of(standin)
        gone.stop()
    snapshot = attribute(sockets, previous)
    assert [item.port for item in snapshot.listeners] == [standin.port]


# ---- refusals, faked where root cannot be refused ---------------------------------------------------


def deny(*_args: object, **_kwargs: object) -> None:
    raise psutil.AccessDenied()


def test_system_wide_view_denied_steps_down_to_per_process(monkeypatch: pytest.MonkeyPatch, standin: Holder) -> None:
    monkeypatch.setattr(psutil, "net_connections", deny)  # what macOS does without root
    snapshot = take_snapshot("psutil")
    assert snapshot.method == "per-process"
    [seen] = on_port(snapshot, standin.port)
    assert seen.process is not None and seen.process.name == "ControlCenter" and seen.process.cwd


def test_cheap_look_denied_without_proc_still_sees_own_processes(
    monkeypatch: pytest.MonkeyPatch, standin: Holder
) -> None:
    without_linux_tables(monkeypatch)
    monkeypatch.setattr(psutil, "net_connections", deny)
    assert Socket("127.0.0.1", standin.port, 4) in listening_sockets()


@pytest.mark.parametrize("method", FORCED)
def test_a_refused_field_costs_that_field_only(monkeypatch: pytest.MonkeyPatch, method: str, standin: Holder) -> None:
    needs(method)
    monkeypatch.setattr(psutil.Process, "cwd", deny)
    monkeypatch.setattr(psutil.Process, "exe", deny)
    [seen] = on_port(take_snapshot(method), standin.port)  # type: ignore[arg-type]
    assert seen.process is not None
    assert (seen.process.pid, seen.process.name, seen.process.cwd, seen.process.exe) == (
        standin.pid,
        "ControlCenter",
        None,
        None,
    )
    assert seen.process.cmdline[0] == "ControlCenter"


def test_another_users_process_is_invisible_per_process(monkeypatch: pytest.MonkeyPatch, standin: Holder) -> None:
    with listener("127.0.0.1", 0, name="visible") as visible:
        real = psutil.Process.net_connections

        def refuse_the_standin(self: psutil.Process, kind: str = "inet") -> list[object]:
            if self.pid == standin.pid:
                raise psutil.AccessDenied(self.pid)
            return list(real(self, kind))

        monkeypatch.setattr(psutil.Process, "net_connections", refuse_the_standin)
        snapshot = take_snapshot("per-process")
        assert on_port(snapshot, standin.port) == []
        [seen] = on_port(snapshot, visible.port)
        assert seen.process is not None and seen.process.name == "visible"


def test_unavailable_forced_methods_say_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(lsof, "COMMAND", (str(tmp_path / "no-lsof"), *lsof.COMMAND[1:]))
    with pytest.raises(ProbeUnavailable):
        take_snapshot("lsof")
    monkeypatch.setattr(procfs, "TABLES", ((str(tmp_path / "tcp"), 4),))
    with pytest.raises(ProbeUnavailable):
        take_snapshot("procfs")
    monkeypatch.setattr(sockdiag, "NETLINK_SOCK_DIAG", 31)
    with pytest.raises(ProbeUnavailable):
        take_snapshot("netlink")
    assert take_snapshot("auto").method in ("psutil", "per-process")  # auto moves on


# ---- localhost and the snapshot's facts ------------------------------------------------------------


def test_localhost_facts() -> None:
    order = localhost_order()
    assert order and len(order) == len(set(order))
    assert "127.0.0.1" in order  # /etc/hosts on every Linux
    with open("/proc/sys/net/ipv6/bindv6only") as setting:
        assert v6_wildcard_takes_v4() == (setting.read().strip() == "0")
    assert v6_wildcard_takes_v4("win32") is False
    snapshot = take_snapshot()
    assert (snapshot.localhost_order, snapshot.v6_wildcard_takes_v4) == (order, v6_wildcard_takes_v4())
    assert snapshot.taken_at > 0


def test_every_method_is_listed() -> None:
    assert set(probe.METHODS) == {*FORCED, "auto"}


# ---- the stand-in itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_standin_answers_like_airplay_on_both_families(address: str) -> None:
    with airplay_standin(0, "both") as holder:
        connection = http.client.HTTPConnection(address, holder.port, timeout=10)
        try:
            connection.request("GET", "/api/health")
            response = connection.getresponse()
            assert response.status == 403
            assert response.getheader("Server") == "AirTunes/620.8.2"
            assert response.read() == b""
        finally:
            connection.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_standin_exits_cleanly_on_signal(signum: int) -> None:
    with airplay_standin(0, "127.0.0.1") as holder:
        os.kill(holder.pid, signum)
        assert holder.process.wait(timeout=10) == 0
        assert Socket("127.0.0.1", holder.port, 4) not in listening_sockets()


def test_reuseport_pair_both_answer() -> None:
    with reuseport_pair() as (first, second):
        answered = set()
        for _ in range(200):  # the kernel hashes each new connection (by source port) to one of the two
            connection = http.client.HTTPConnection("127.0.0.1", first.port, timeout=10)
            try:
                connection.request("GET", "/")
                answered.add(connection.getresponse().read().decode().split()[1])
            finally:
                connection.close()
            if len(answered) == 2:
                break
        assert answered == {str(first.pid), str(second.pid)}
