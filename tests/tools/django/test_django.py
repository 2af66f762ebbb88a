"""Django's runserver resolved as Django 5.2 reads its ADDRPORT (checked against the real one in
tests/fidelity/test_python_servers_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.model import Claim, Taken


def django_claims(root: Path) -> list[Claim]:
    report = check_workspace(str(root), live=False, environ={})
    return [c for c in report.claims if c.tool == "django"]


def claims(root: Path) -> list[tuple[str, int, bool]]:
    return [(c.host, c.port, c.explicit) for c in django_claims(root)]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("python manage.py runserver", [("127.0.0.1", 8000, False)]),
        ("python manage.py runserver 8001", [("127.0.0.1", 8001, True)]),
        ("python3 manage.py runserver 0.0.0.0:8002", [("0.0.0.0", 8002, True)]),
        ("python manage.py runserver 0:8003", [("0.0.0.0", 8003, True)]),
        ("python manage.py runserver [::1]:8004", [("::1", 8004, True)]),
        ("python manage.py runserver -6", [("::1", 8000, False)]),
        ("python manage.py runserver localhost:8005 --noreload", [("localhost", 8005, True)]),
        ("./manage.py runserver --settings config.dev 8006", [("127.0.0.1", 8006, True)]),
        ("python backend/manage.py runserver 8007", [("127.0.0.1", 8007, True)]),
        ("django-admin runserver 8008", [("127.0.0.1", 8008, True)]),
        ("python -m django runserver 8009", [("127.0.0.1", 8009, True)]),
        ("uv run python manage.py runserver 8010", [("127.0.0.1", 8010, True)]),
        ("python manage.py migrate", []),
        ("python manage.py runserver $PORT", []),
        ("python manage.py runserver 0.0.0.0:$PORT", []),
        ("python manage.py runserver 80a", []),
    ],
)
def test_runserver_command_lines(tmp_path: Path, script: str, expected: list[tuple[str, int, bool]]) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"api": script}}))
    assert claims(tmp_path) == expected


def test_the_port_token_is_the_port_alone(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("run:\n\tpython manage.py runserver 0.0.0.0:8101\n")
    (claim,) = django_claims(tmp_path)
    line = (tmp_path / "Makefile").read_text().splitlines()[1]
    start = claim.location.range.start.character
    assert line[start : claim.location.range.end.character] == "8101"
    assert claim.when_taken.action is Taken.FAILS and "already in use" in claim.when_taken.says


def test_a_launch_configuration_running_manage_py(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    configuration = {
        "name": "Django",
        "type": "debugpy",
        "request": "launch",
        "program": "${workspaceFolder}/manage.py",
        "args": ["runserver", "8201"],
        "django": True,
    }
    (tmp_path / ".vscode" / "launch.json").write_text(json.dumps({"configurations": [configuration]}))
    assert claims(tmp_path) == [("127.0.0.1", 8201, True)]
