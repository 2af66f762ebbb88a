"""Faults below the editor: listeners that vanish mid-look, psutil refusing, unreadable folders, symlink
loops, a 50 MB config and a binary one. Each is survived, and reported where there is something to say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from portlint.check import check_workspace
from portlint.core.model import Snapshot
from portlint.system import listeners
from tests.holders import free_port, listener
from tests.unit.probes.test_discover import run_unprivileged

from .cli import check_json, findings_of, portlint

UNREADABLE = "config-unreadable"
HELD = "port-held-by-foreign-process"

# Forks listeners that live a few milliseconds each, as fast as it can, until its stdin closes.
CHURN = r"""
import os, random, select, socket, sys, time
print("ready", flush=True)
while not select.select([sys.stdin], [], [], 0)[0]:
    pid = os.fork()
    if pid == 0:
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
        time.sleep(random.random() * 0.004)  # the listener's short life, not a synchronisation
        os._exit(0)
    os.waitpid(pid, 0)
"""


@pytest.fixture
def churn() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([sys.executable, "-c", CHURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        yield process
    finally:
        assert process.stdin is not None
        process.stdin.close()  # it ends by itself; the kill is for a wedged one
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_listeners_that_exit_during_attribution_never_break_a_snapshot(churn: subprocess.Popen[bytes]) -> None:
    """Real races: children bind and exit while full and incremental snapshots run in a loop. We go on
    until some snapshot really caught a short-lived child (or its socket without an owner)."""
    caught = looks = 0
    previous: Snapshot | None = None
    deadline = time.monotonic() + 60
    while (caught < 3 or looks < 200) and time.monotonic() < deadline:
        full = listeners.take_snapshot()
        previous = listeners.attribute(listeners.listening_sockets(), previous)
        looks += 2
        for snapshot in (full, previous):
            for seen in snapshot.listeners:
                assert 0 < seen.port < 65536
                if seen.process is not None and seen.process.ppid == churn.pid:
                    caught += 1
                    assert seen.process.pid != churn.pid
    assert churn.poll() is None, "the churner died: the race did not run"
    assert caught >= 3, f"{looks} snapshots never saw a short-lived listener: the race was not exercised"


def test_check_during_listener_churn_finishes_with_a_report(churn: subprocess.Popen[bytes], tmp_path: Path) -> None:
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5998}}, "hosting": {}}\n')
    for _ in range(20):
        report = check_workspace(str(tmp_path))
        assert report.snapshot is not None and report.claims


# ---- psutil refusing ------------------------------------------------------------------------------


def _denied(*_args: object, **_kwargs: object) -> object:
    raise psutil.AccessDenied()


def test_system_wide_refusal_steps_down_to_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    with listener("127.0.0.1", name="refused") as holder:
        monkeypatch.setattr(psutil, "net_connections", _denied)
        snapshot = listeners.take_snapshot("psutil")
        assert snapshot.method == "per-process"
        (seen,) = [s for s in snapshot.listeners if s.port == holder.port]
        assert seen.process is not None and seen.process.pid == holder.pid


def test_owner_details_refused_keep_the_socket_and_the_pid(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As on macOS without root: every detail of a process refused; the finding still names the pid."""
    with listener("127.0.0.1", name="secretive") as holder:
        for field in ("name", "cmdline", "exe", "cwd", "username", "create_time"):  # ppid: oneshot() caches it
            monkeypatch.setattr(psutil.Process, field, _denied)
        (tmp_path / "firebase.json").write_text(
            '{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % holder.port
        )
        for method in ("auto", "psutil", "per-process"):
            snapshot = listeners.take_snapshot(method)
            (seen,) = [s for s in snapshot.listeners if s.port == holder.port]
            assert seen.process is not None and seen.process.pid == holder.pid, method
        report = check_workspace(str(tmp_path))
        (held,) = [f for f in report.findings if f.code == HELD]
        assert str(holder.pid) in held.message


def test_every_psutil_view_refused_leaves_no_listener_and_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with listener("127.0.0.1"):
        monkeypatch.setattr(psutil, "net_connections", _denied)
        monkeypatch.setattr(psutil.Process, "net_connections", _denied)
        snapshot = listeners.take_snapshot("per-process")
        assert snapshot.listeners == ()


# ---- the file system --------------------------------------------------------------------------------


def _check_as_nobody(root: str) -> list[tuple[str, str, str]]:
    report = check_workspace(root, live=False)
    return [(f.code, f.location.file, f.message) for f in report.findings]


def test_an_unreadable_folder_is_reported_and_the_rest_is_read(open_tmp: Path) -> None:
    (open_tmp / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5998}}, "hosting": {}}\n')
    (open_tmp / "angular.json").write_text('{"projects": {"web": {"architect": {"serve": {}}}}}\n')
    locked = open_tmp / "locked"
    locked.mkdir()
    (locked / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5997}}, "hosting": {}}\n')
    locked.chmod(0)
    try:
        findings = run_unprivileged(lambda: _check_as_nobody(str(open_tmp)))
    finally:
        locked.chmod(0o755)
    unreadable = [f for f in findings if f[0] == UNREADABLE]
    assert [f[1] for f in unreadable] == [str(locked)], findings
    assert "permission" in unreadable[0][2].lower()


def test_symlink_loops_end_and_each_config_counts_once(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "firebase.json").write_text('{"emulators": {"hosting": {"port": 5998}}, "hosting": {}}\n')
    (tmp_path / "app" / "self").symlink_to(".", target_is_directory=True)
    (tmp_path / "app" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")  # a two-link loop: ELOOP when followed
    (tmp_path / "proxy.conf.json").symlink_to("proxy.conf.json")  # a file link to itself
    started = time.monotonic()
    report = check_json(tmp_path, "--no-live")
    assert time.monotonic() - started < 20
    hosting = [c["file"] for c in report["claims"] if c["service"].startswith("firebase hosting emulator")]
    assert hosting == ["app/firebase.json"]


def test_a_50_mb_firebase_json_is_refused_quickly_and_clearly(tmp_path: Path) -> None:
    huge = tmp_path / "firebase.json"
    padding = b" " * (1 << 20)
    with huge.open("wb") as out:  # real bytes, valid JSON: only its size is wrong
        out.write(b'{"hosting": {}, "emulators": {"hosting": {"port": 5998}}, "x": "')
        for _ in range(50):
            out.write(padding)
        out.write(b'"}\n')
    (tmp_path / "angular.json").write_text('{"projects": {"web": {"architect": {"serve": {}}}}}\n')
    started = time.monotonic()
    report = check_json(tmp_path, "--no-live")
    elapsed = time.monotonic() - started
    (finding,) = findings_of(report, UNREADABLE)
    assert finding["file"] == "firebase.json"
    assert "52 MB" in finding["message"] and "1 MiB" in finding["message"], finding["message"]
    assert [c["tool"] for c in report["claims"]] == ["angular"]  # the rest is still read
    assert elapsed < 10, f"a 50 MB config took {elapsed:.1f} s"


def test_a_binary_proxy_conf_json_is_reported_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "proxy.conf.json").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "proxy.conf.json").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    report = check_json(tmp_path, "--no-live")
    unreadable = sorted(findings_of(report, UNREADABLE), key=lambda f: f["file"])
    assert [f["file"] for f in unreadable] == ["proxy.conf.json", "src/proxy.conf.json"]
    for finding in unreadable:
        assert finding["message"] and finding["range"]["start"]["line"] == 0
    assert report["claims"] == []


def test_the_cli_reports_a_binary_config_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "proxy.conf.json").write_bytes(b"\0\xff\xfe" * 100)
    for output in ("text", "json", "sarif"):
        done = portlint("check", str(tmp_path), "--no-live", "--format", output)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
        assert "proxy.conf.json" in done.stdout
        if output != "text":
            json.loads(done.stdout)


def test_a_port_held_while_its_owner_exits_keeps_check_consistent(tmp_path: Path) -> None:
    """The holder is killed from another thread while checks run: each report is whole."""
    port = free_port()
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % port)
    with listener("127.0.0.1", port) as holder:
        stopper = threading.Thread(target=holder.stop)
        stopper.start()
        for _ in range(30):
            report = check_workspace(str(tmp_path))
            for finding in report.findings:  # held, by the holder or (gone mid-look) by an unseen owner
                assert finding.code in (HELD, "browser-restricted-port"), finding
                assert finding.port == port
        stopper.join()
    assert HELD not in {f.code for f in check_workspace(str(tmp_path)).findings}
