"""uWSGI's sockets from its ini file and its command line."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.check import check_workspace


def claims(root: Path) -> list[tuple[str, int]]:
    report = check_workspace(str(root), live=False, environ={})
    return sorted((c.host, c.port) for c in report.claims if c.tool == "uwsgi")


def test_the_ini_sockets(tmp_path: Path) -> None:
    (tmp_path / "uwsgi.ini").write_text("[uwsgi]\nhttp = :5000\nsocket = 127.0.0.1:3031\nsocket = /tmp/a.sock\n")
    assert claims(tmp_path) == [("0.0.0.0", 5000), ("127.0.0.1", 3031)]


def test_command_lines(tmp_path: Path) -> None:
    scripts = {
        "web": "uwsgi --http :9090 --wsgi-file app.py",
        "api": "uwsgi --http-socket=127.0.0.1:9091 --module api:app",
        "sock": "uwsgi -s /tmp/uwsgi.sock --module app:app",
        "computed": "uwsgi --http :$PORT --module app:app",
    }
    (tmp_path / "package.json").write_text(json.dumps({"scripts": scripts}))
    assert claims(tmp_path) == [("0.0.0.0", 9090), ("127.0.0.1", 9091)]


def test_an_ini_named_on_the_command_line_is_claimed_once(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "uwsgi.ini").write_text("[uwsgi]\nhttp = :5000\n")
    (tmp_path / "Makefile").write_text("run:\n\tuwsgi --ini deploy/uwsgi.ini\n")
    assert claims(tmp_path) == [("0.0.0.0", 5000)]


def test_an_ini_of_any_name_named_by_the_command(tmp_path: Path) -> None:
    (tmp_path / "app.ini").write_text("[uwsgi]\nhttp-socket = 127.0.0.1:5050\n")
    (tmp_path / "Procfile").write_text("web: uwsgi --ini app.ini\n")
    assert claims(tmp_path) == [("127.0.0.1", 5050)]
