"""macOS as lsof shows it, from recorded real listings (tests/fixtures/lsof/macos-recorded/, sources in its
README), through the `-F` parser portlint runs and on to the findings a macOS user gets.

The recordings are lsof's table (what people paste in threads); each row is written out as the `-F` fields
lsof prints for it (`p` pid, `c` command, `L` login, `f` fd, `t` type, `n` name, `TST=` state) — the framing
itself is lsof(8)'s and is recorded on Linux in linux-recorded.lsof. Two things the table does differently
from `-F`, both said where they matter: it cuts COMMAND to 9 characters (`ControlCe`; `-F` and psutil give
`ControlCenter`, as `lsof +c0` shows in nextstrain/nextstrain.org#561), and a listing taken without `-n`
prints `localhost` where `-n` prints the address.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import Listener, Role, Snapshot
from portlint.system.localhost import localhost_order
from portlint.system.lsof import parse_lsof

from ..core.builders import ROOT, claim

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lsof" / "macos-recorded"
EXPECTED: dict[str, list[list[Any]]] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
ROW = re.compile(
    r"^(?P<command>\S+)\s+(?P<pid>\d+)\s+(?P<user>\S+)\s+(?P<fd>\d+)\w*\s+(?P<type>IPv[46])\s+\S+\s+\S+\s+TCP\s+"
    r"(?P<name>\S+)(?:\s+\((?P<state>[A-Z_]+)\))?\s*$"
)
NUMERIC_LOCALHOST = {"IPv4": "127.0.0.1", "IPv6": "[::1]"}  # what `-n` prints instead of the name
# What `lsof -F c` and psutil call the processes the table cut short (`lsof +c0`: nextstrain.org#561).
FULL_NAMES = {"ControlCe": "ControlCenter"}


def as_fields(table: str) -> str:
    """The `-F pcLftnT` lines lsof prints for these table rows."""
    lines: list[str] = []
    pid = None
    for row in table.splitlines():
        match = ROW.match(row)
        assert match is not None, f"not an lsof row: {row!r}"
        if match["pid"] != pid:
            pid = match["pid"]
            lines += [f"p{pid}", f"c{match['command']}", f"L{match['user']}"]
        name = match["name"]
        if name.startswith("localhost:") and "->" not in name:
            name = NUMERIC_LOCALHOST[match["type"]] + name[len("localhost") :]
        lines += [f"f{match['fd']}", f"t{match['type']}", f"n{name}"]
        if match["state"]:
            lines.append(f"TST={match['state']}")
    return "\n".join(lines) + "\n"


def listeners_of(name: str) -> list[Listener]:
    return parse_lsof(as_fields((FIXTURES / name).read_text(encoding="utf-8")))


def rows(listeners: list[Listener]) -> list[list[Any]]:
    return [
        [item.address, item.port, item.family, item.process.pid, item.process.name, item.process.user]
        for item in listeners
        if item.process is not None
    ]


def test_every_recording_has_its_expectation_and_a_source() -> None:
    names = sorted(path.name for path in FIXTURES.glob("*.txt"))
    assert names == sorted(EXPECTED)
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in readme, f"{name} has no source in the README"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recorded_listing_parses_to_its_listeners(name: str) -> None:
    assert rows(listeners_of(name)) == EXPECTED[name]


def test_airplay_holds_5000_and_7000_on_both_families() -> None:
    airplay = {(item.address, item.port, item.family) for item in listeners_of("pareto-mac-69-airplay.txt")}
    assert airplay == {("0.0.0.0", 5000, 4), ("::", 5000, 6), ("0.0.0.0", 7000, 4), ("::", 7000, 6)}


def test_connections_are_not_listeners_and_node_listens_on_ipv6_only() -> None:
    node = listeners_of("portracker-5.txt")
    assert {(item.address, item.port, item.family) for item in node} == {("::", p, 6) for p in (4211, 4301, 4302)}


def test_one_socket_on_two_file_descriptors_is_one_listener() -> None:
    """launchd holds *:22 twice per family (fds 7 and 10 share one socket)."""
    launchd = [item for item in listeners_of("ain-blockchain-935.txt") if item.process and item.process.pid == 1]
    assert sorted((item.address, item.family) for item in launchd) == [("0.0.0.0", 4), ("::", 6)]


def test_the_link_local_addresses_macos_prints_are_kept() -> None:
    remoted = [item for item in listeners_of("ain-blockchain-935.txt") if item.process and item.process.pid == 79]
    assert {item.address for item in remoted} == {"fe80:4::aede:48ff:fe00:1122"}
    assert [item.port for item in remoted] == list(range(49153, 49159))


# ---- what a macOS user sees: the recorded holders, macOS's localhost order, the findings ------------------


class MacResolver:
    """`getaddrinfo("localhost", None, type=SOCK_STREAM)` as macOS answers: `::1` first, then 127.0.0.1, then
    the `fe80::1%lo0` entry older macOS /etc/hosts carry (py-mine/mcstatus#620 saw ::1 before 127.0.0.1;
    nteract/nteract#2704 and vercel-labs/portless#320: on macOS Node resolves `localhost` to ::1 first)."""

    def __call__(self, host: str, port: object, type: int = 0) -> list[tuple[Any, ...]]:
        import socket

        assert host == "localhost"
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", 0, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fe80::1%lo0", 0, 0, 1)),
        ]


def macos_snapshot() -> Snapshot:
    recorded = listeners_of("pareto-mac-69-airplay.txt") + listeners_of("pareto-mac-69-flask.txt")
    named = [
        replace(item, process=replace(item.process, name=FULL_NAMES.get(item.process.name, item.process.name)))
        for item in recorded
        if item.process is not None
    ]
    return Snapshot(
        listeners=tuple(named),
        platform="darwin",
        localhost_order=localhost_order(MacResolver()),
        v6_wildcard_takes_v4=True,
        method="lsof",
    )


def test_macos_resolves_localhost_to_ipv6_first() -> None:
    assert localhost_order(MacResolver()) == ("::1", "127.0.0.1", "fe80::1%lo0")


def test_a_node_proxy_to_localhost_reaches_airplay_while_flask_listens_on_127() -> None:
    """The story: Flask (two `python` processes on one socket: Werkzeug's reloader) on 127.0.0.1:5000, AirPlay
    on *:5000 of both families. The Angular proxy's `localhost` is ::1 first on macOS: AirPlay answers."""
    proxy = claim(
        5000,
        service="angular web proxy /api",
        tool="angular",
        role=Role.CONNECT,
        host="localhost",
        file="src/proxy.conf.json",
        target="http://localhost:5000",
    )
    flask = claim(5000)
    snapshot = macos_snapshot()
    flask_pids = {item.process.pid for item in snapshot.listeners if item.process and item.process.name == "python"}
    ours = lambda item: item.process is not None and item.process.pid in flask_pids  # noqa: E731
    found = analyze([proxy, flask], [], snapshot, ROOT, ours=ours)
    [elsewhere] = [f for f in found if f.code == codes.LOCALHOST_RESOLVES_ELSEWHERE]
    assert "`localhost` resolves first to ::1" in elsewhere.message
    assert "ControlCenter (pid 433), macOS's AirPlay Receiver" in elsewhere.message
    assert "http://127.0.0.1:5000" in elsewhere.message
    details = " ".join(related.message for related in elsewhere.related)
    assert "ControlCenter (pid 433, user dz0ny), macOS's AirPlay Receiver" in details
    assert "search System Settings for “AirPlay Receiver”" in details


def test_with_ipv4_first_the_same_proxy_would_reach_flask() -> None:
    snapshot = replace(macos_snapshot(), localhost_order=("127.0.0.1", "::1"))
    proxy = claim(5000, tool="angular", role=Role.CONNECT, host="localhost", target="http://localhost:5000")
    flask_pids = {item.process.pid for item in snapshot.listeners if item.process and item.process.name == "python"}
    found = analyze([proxy], [], snapshot, ROOT, ours=lambda h: bool(h.process and h.process.pid in flask_pids))
    assert not [f for f in found if f.code == codes.LOCALHOST_RESOLVES_ELSEWHERE]
