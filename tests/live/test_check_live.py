"""The whole check against real holders: real processes listen on loopback; findings and ranges asserted."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from msgspec.structs import replace

from portlint.check import build_report, check_workspace
from portlint.core import codes
from portlint.core.model import Finding, Range
from portlint.system.listeners import take_snapshot
from portlint.workspace.files import load_workspace
from tests.holders import airplay_standin, free_port_both, listener

STARTUP = 30.0  # seconds: a bound on waiting for a server's "listening" line


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def token_range(line: int, column: int, port: int) -> Range:
    return Range.of(line, column, line, column + len(str(port)))


@contextmanager
def real_flask(folder: Path, port: int) -> Iterator[int]:
    """`flask run --port PORT` in `folder` (a real Werkzeug server on 127.0.0.1), waited for by its log line."""
    (folder / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "run", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        seen = b""
        while b"Running on" not in seen:
            ready, _, _ = select.select([process.stderr], [], [], STARTUP)
            chunk = os.read(process.stderr.fileno(), 4096) if ready else b""
            assert chunk, f"flask did not start: {seen.decode(errors='replace')}"
            seen += chunk
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def test_controlcenter_answering_as_airtunes_holds_the_flask_port(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_APP=app.py\nFLASK_RUN_PORT={port}\n")
    with airplay_standin(port, host="both") as holder:
        report = check_workspace(str(tmp_path), environ={})
    (held,) = only(report.findings, codes.PORT_HELD_BY_FOREIGN_PROCESS)
    assert held.location.file == str(tmp_path / ".flaskenv")
    assert held.location.range == token_range(1, len("FLASK_RUN_PORT="), port)
    assert f"ControlCenter (pid {holder.pid})" in held.message
    # ControlCenter off AirPlay's ports 5000 and 7000 is not the AirPlay Receiver: no AirPlay advice.
    assert "AirPlay" not in held.message and not any("AirPlay" in r.message for r in held.related)
    assert not only(report.findings, codes.PORT_SPLIT_BETWEEN_LISTENERS)  # one process, both families


def test_a_reuseport_sibling_splits_the_port_with_our_server(tmp_path: Path) -> None:
    (tmp_path / "backend").mkdir()
    with listener("127.0.0.1", 0, name="flask", reuseport=True, cwd=tmp_path / "backend") as ours:
        (tmp_path / "backend" / ".flaskenv").write_text(f"FLASK_RUN_PORT={ours.port}\n")
        with listener("127.0.0.1", ours.port, name="intruder", reuseport=True) as intruder:
            report = check_workspace(str(tmp_path), environ={})
    (split,) = only(report.findings, codes.PORT_SPLIT_BETWEEN_LISTENERS)
    assert split.location.range == token_range(0, len("FLASK_RUN_PORT="), ours.port)
    assert f"pid {ours.pid}" in split.message and f"pid {intruder.pid}" in split.message
    # The foreign sibling is also in the way of the port Flask wants: one cause, so one diagnostic here,
    # with the other finding's words in its related information.
    assert not only(report.findings, codes.PORT_HELD_BY_FOREIGN_PROCESS)
    (also,) = [r.message for r in split.related if r.message.startswith("Also (port-held-by-foreign-process)")]
    assert f"intruder (pid {intruder.pid})" in also and f"pid {ours.pid}" not in also


def test_airplay_on_ipv6_only_while_flask_serves_ipv4(tmp_path: Path) -> None:
    port = free_port_both()
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    proxy = tmp_path / "proxy.conf.json"
    proxy.write_text('{\n  "/api": { "target": "http://localhost:%d" }\n}\n' % port)
    with real_flask(tmp_path, port), airplay_standin(port, host="::1") as airplay:
        facts, problems = load_workspace(str(tmp_path))
        snapshot = take_snapshot()
    # Which address `localhost` gives first belongs to the machine's resolver; Node 17+ on macOS puts ::1
    # first, which is the story. Judge the real snapshot under that order.
    report = build_report(str(tmp_path), facts, problems, replace(snapshot, localhost_order=("::1", "127.0.0.1")))
    (wrong,) = only(report.findings, codes.LOCALHOST_RESOLVES_ELSEWHERE)
    assert wrong.location.file == str(proxy)
    assert wrong.location.range == token_range(1, len('  "/api": { "target": "http://localhost:'), port)
    assert f"ControlCenter (pid {airplay.pid}" in wrong.message
    assert f"http://127.0.0.1:{port}" in wrong.message  # the way out
    (split,) = only(report.findings, codes.PORT_SPLIT_BETWEEN_LISTENERS)
    assert split.location.file == str(tmp_path / ".flaskenv")
    # Flask (ours, on 127.0.0.1) is not in its own way: ::1 is not what Werkzeug binds by default.
    assert not only(report.findings, codes.PORT_HELD_BY_FOREIGN_PROCESS)
    # With IPv4 first, the proxy reaches Flask: nothing to say about localhost.
    ipv4_first = build_report(str(tmp_path), facts, problems, replace(snapshot, localhost_order=("127.0.0.1", "::1")))
    assert not only(ipv4_first.findings, codes.LOCALHOST_RESOLVES_ELSEWHERE)
