"""Owners as Windows' psutil reports them, through the same injection the fallbacks' tests use: the system-wide
table is allowed there (pids for every socket) while another user's process refuses its user, command line
and folder, and System (pid 4) or a protected process may refuse even its name."""

from __future__ import annotations

import socket
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import psutil
import pytest

from portlint.core.holders import describe, hidden
from portlint.core.model import Process
from portlint.system import listeners, owners

Address = namedtuple("Address", "ip port")
Connection = namedtuple("Connection", "fd family type laddr raddr status pid")


def conn(ip: str, port: int, pid: int) -> Connection:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    return Connection(-1, family, socket.SOCK_STREAM, Address(ip, port), (), psutil.CONN_LISTEN, pid)


def refuse(pid: int) -> Callable[[], Any]:
    def read() -> Any:
        raise psutil.AccessDenied(pid)

    return read


class FakeProcess:
    """What psutil.Process answers on Windows: ours in full, another user's only by name, System not at all."""

    TABLE: ClassVar[dict[int, dict[str, Any]]] = {
        4: {},  # System: every field refused
        3312: {"name": "svchost.exe"},  # a service of another user (LocalService)
        25740: {
            "name": "com.docker.backend.exe",
            "exe": r"C:\Program Files\Docker\Docker\resources\com.docker.backend.exe",
            "cmdline": [r"C:\Program Files\Docker\Docker\resources\com.docker.backend.exe"],
            "cwd": r"C:\Program Files\Docker\Docker\resources",
            "username": "DESKTOP\\dev",
            "ppid": 20000,
            "create_time": 1_700_000_000.0,
        },
    }

    def __init__(self, pid: int) -> None:
        if pid not in self.TABLE:
            raise psutil.NoSuchProcess(pid)
        self.pid = pid
        known = self.TABLE[pid]
        for field in ("name", "exe", "cmdline", "cwd", "username", "ppid", "create_time"):
            setattr(self, field, (lambda value=known[field]: value) if field in known else refuse(pid))

    @contextmanager
    def oneshot(self) -> Iterator[None]:
        yield


@pytest.fixture
def windows_psutil(monkeypatch: pytest.MonkeyPatch) -> None:
    table = [conn("0.0.0.0", 445, 4), conn("::", 445, 4), conn("0.0.0.0", 5040, 3312), conn("0.0.0.0", 8080, 25740)]
    monkeypatch.setattr(psutil, "net_connections", lambda kind="inet": table)
    monkeypatch.setattr(owners.psutil, "Process", FakeProcess)


def test_every_socket_keeps_what_could_be_read_of_its_owner(windows_psutil: None) -> None:
    snapshot = listeners.take_snapshot("psutil")
    assert snapshot.method == "psutil"
    seen = {(item.port, item.address): item.process for item in snapshot.listeners}
    system = seen[(445, "0.0.0.0")]
    assert system == Process(pid=4, name="?") and seen[(445, "::")] == system
    service = seen[(5040, "0.0.0.0")]
    assert service is not None and (service.name, service.user, service.cmdline, service.cwd) == (
        "svchost.exe",
        None,
        (),
        None,
    )
    docker = seen[(8080, "0.0.0.0")]
    assert docker is not None and docker.user == "DESKTOP\\dev" and docker.started == 1_700_000_000.0


def test_what_could_not_be_read_is_said_as_another_users_process(windows_psutil: None) -> None:
    snapshot = listeners.take_snapshot("psutil")
    words = {item.port: describe(item) for item in snapshot.listeners if item.address == "0.0.0.0"}
    assert words[445] == "another user's process (pid 4) on 0.0.0.0:445"
    assert words[5040] == "svchost.exe (pid 3312), another user's process, on 0.0.0.0:5040"
    assert "Docker Desktop's backend" in words[8080]
    assert all(item.process is not None for item in snapshot.listeners)
    assert [hidden(item.process) for item in snapshot.listeners if item.process and item.port == 8080] == [False]
