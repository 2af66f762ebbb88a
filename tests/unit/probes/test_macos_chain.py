"""The listener snapshot as on macOS without root, on any platform through the fallbacks' injection: no kernel
tables (no sock_diag, no /proc), psutil's system-wide view refused → the user's own processes one by one →
when that fails too, `lsof -nP -iTCP -sTCP:LISTEN -F`, here a stand-in printing a recorded macOS listing."""

from __future__ import annotations

import os
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from portlint.core.model import Socket
from portlint.system import listeners, lsof, procfs, sockdiag

from .test_lsof_macos import FIXTURES, as_fields

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the lsof stand-in is a script with a shebang")


def deny(*_args: object, **_kwargs: object) -> None:
    raise psutil.AccessDenied()


@pytest.fixture
def macos(monkeypatch: pytest.MonkeyPatch) -> None:
    """What portlint can use on macOS without root: no Linux tables, no system-wide psutil."""
    monkeypatch.setattr(sockdiag, "listening_entries", lambda: None)
    monkeypatch.setattr(procfs, "available", lambda: False)
    monkeypatch.setattr(psutil, "net_connections", deny)


@pytest.fixture
def own_listener() -> Iterator[Socket]:
    """A listening socket of this very process: the user's own, as ControlCenter is on macOS."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        yield Socket("127.0.0.1", server.getsockname()[1], 4)
    finally:
        server.close()


@pytest.fixture
def recorded_lsof(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """lsof replaced by a program that prints the recorded AirPlay + Flask listing as `-F` fields."""
    table = "".join((FIXTURES / name).read_text() for name in ("pareto-mac-69-airplay.txt", "pareto-mac-69-flask.txt"))
    (tmp_path / "fields").write_text(as_fields(table))
    program = tmp_path / "lsof"
    program.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write(open({str(tmp_path / 'fields')!r}).read())\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(lsof, "COMMAND", (str(program), *lsof.COMMAND[1:]))
    monkeypatch.setattr(listeners, "process_info", lambda _pid: None)  # the recorded pids are not on this machine


def test_refused_system_wide_view_steps_down_to_the_users_own_processes(macos: None, own_listener: Socket) -> None:
    snapshot = listeners.take_snapshot()
    assert snapshot.method == "per-process"
    [mine] = [item for item in snapshot.listeners if item.socket == own_listener]
    assert mine.process is not None and mine.process.pid == os.getpid()
    assert own_listener in listeners.listening_sockets()  # the cheap look takes the same way down


def test_when_the_process_scan_fails_too_lsof_names_the_holders(
    macos: None, recorded_lsof: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_scan(*_args: object, **_kwargs: object) -> None:
        raise OSError("sysctl(KERN_PROC) failed")

    monkeypatch.setattr(psutil, "process_iter", broken_scan)
    monkeypatch.setattr(lsof, "available", lambda: True)
    snapshot = listeners.take_snapshot()
    assert snapshot.method == "lsof"
    seen = {(item.address, item.port, item.process.name if item.process else None) for item in snapshot.listeners}
    assert ("::", 5000, "ControlCe") in seen and ("0.0.0.0", 7000, "ControlCe") in seen
    assert ("127.0.0.1", 5000, "python") in seen
    users = {item.process.user for item in snapshot.listeners if item.process}
    assert users == {"dz0ny", "jone"}


def test_lsof_forced_reads_the_recorded_listing(recorded_lsof: None) -> None:
    snapshot = listeners.take_snapshot("lsof")
    assert snapshot.method == "lsof"
    assert len(snapshot.listeners) == 6
