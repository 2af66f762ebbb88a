"""Stacks from real files (issue 11, item 7): what starts services together joins their stacks wherever their
folders are; separate folders with nothing starting them together stay apart."""

from __future__ import annotations

from pathlib import Path

from portlint.check import check_workspace
from portlint.core import codes
from portlint.core.model import Severity

FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n"
ANGULAR = '{"projects": {"web": {"root": "", "architect": {"serve": {"builder": "@angular/build:dev-server"}}}}}'


def _twice(root: Path) -> list[tuple[str, Severity]]:
    report = check_workspace(str(root), live=False, environ={})
    found = [f for f in report.findings if f.code == codes.PORT_CLAIMED_TWICE]
    return sorted((str(Path(f.location.file).relative_to(root)), f.severity) for f in found)


def _two_flask_apps(root: Path) -> None:
    for name in ("api", "admin"):
        (root / name).mkdir()
        (root / name / "app.py").write_text(FLASK_APP)


def test_two_apps_in_separate_folders_are_apart(tmp_path: Path) -> None:
    _two_flask_apps(tmp_path)
    (tmp_path / "api" / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    (tmp_path / "admin" / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    assert {severity for _, severity in _twice(tmp_path)} == {Severity.INFORMATION}


def test_a_procfile_starting_both_puts_them_in_one_stack(tmp_path: Path) -> None:
    _two_flask_apps(tmp_path)
    (tmp_path / "Procfile").write_text("api: cd api && flask run --port 5000\nadmin: cd admin && flask run -p 5000\n")
    assert _twice(tmp_path) == [("Procfile", Severity.ERROR), ("Procfile", Severity.ERROR)]


def test_one_script_starting_a_front_end_and_a_backend_joins_them(tmp_path: Path) -> None:
    (tmp_path / "frontend").mkdir()
    (tmp_path / "frontend" / "angular.json").write_text(ANGULAR)
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "app.py").write_text(FLASK_APP)
    script = 'concurrently \\"cd frontend && ng serve\\" \\"cd backend && flask run --port 4200\\"'
    (tmp_path / "package.json").write_text('{"scripts": {"dev": "%s"}}' % script)
    assert {severity for _, severity in _twice(tmp_path)} == {Severity.ERROR}
    (tmp_path / "package.json").write_text('{"scripts": {"web": "cd frontend && ng serve", '
                                           '"api": "cd backend && flask run --port 4200"}}')  # fmt: skip
    assert {severity for _, severity in _twice(tmp_path)} == {Severity.INFORMATION}
