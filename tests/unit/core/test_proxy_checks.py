"""proxy-target-mismatch (issue 11, item 8): not for a target some file names as a server's port, and no
rewrite to the one backend when the proxy means another server."""

from __future__ import annotations

from pathlib import Path

from portlint.check import check_workspace
from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import Claim, Role

from .builders import ROOT, claim


def _proxy(port: int, path: str, file: str = "frontend/src/proxy.conf.json") -> Claim:
    return claim(port, service=f"angular dashboard proxy {path}", tool="angular", role=Role.CONNECT,
                 host="localhost", file=file, target=f"http://localhost:{port}")  # fmt: skip


FLASK = claim(5000, file="backend-flask/.flaskenv")


def _mismatches(claims: list[Claim], server_ports: tuple[int, ...] = ()) -> list[tuple[int, list[str]]]:
    findings = analyze(claims, [], None, ROOT, server_ports=server_ports)
    return [(f.port or 0, [fix.title for fix in f.fixes]) for f in findings if f.code == codes.PROXY_TARGET_MISMATCH]


def test_a_target_some_file_names_as_a_servers_port_is_no_mismatch() -> None:
    # Express `app.listen(7998)`, a shell script's `flask run --port 7999`: servers portlint does not resolve
    claims = [FLASK, _proxy(7998, "/api"), _proxy(7999, "/flask")]
    assert _mismatches(claims, server_ports=(7998, 7999)) == []
    assert [port for port, _ in _mismatches(claims, server_ports=(7998,))] == [7999]


def test_no_rewrite_to_the_backend_when_the_path_names_another_server() -> None:
    assert _mismatches([FLASK, _proxy(7998, "/express")]) == [(7998, [])]


def test_no_rewrite_when_the_proxy_sends_paths_to_several_servers() -> None:
    assert _mismatches([FLASK, _proxy(7998, "/api"), _proxy(7999, "/other")]) == [(7998, []), (7999, [])]


def test_the_rewrite_stays_for_one_proxy_to_the_one_backend() -> None:
    assert _mismatches([FLASK, _proxy(5001, "/api")]) == [(5001, ["Point the proxy at port 5000"])]
    assert _mismatches([FLASK, _proxy(5001, "/flask")]) == [(5001, ["Point the proxy at port 5000"])]


def test_a_mock_server_a_script_starts_is_no_mismatch(tmp_path: Path) -> None:
    """json-server on 3000 beside a Flask backend: the proxy to 3000 is right, though no tool resolves it."""
    (tmp_path / "package.json").write_text('{"scripts": {"mock": "json-server --watch db.json --port 3000"}}')
    (tmp_path / "proxy.conf.json").write_text('{"/mock": {"target": "http://localhost:3000"}}')
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert [f.code for f in report.findings if f.code == codes.PROXY_TARGET_MISMATCH] == []
