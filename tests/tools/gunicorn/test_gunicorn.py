"""gunicorn's bind resolved as gunicorn 27 resolves it (checked against the real one in
tests/fidelity/test_python_servers_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.model import Claim


def gunicorn_claims(root: Path, environ: dict[str, str] | None = None) -> list[Claim]:
    report = check_workspace(str(root), live=False, environ=environ or {})
    return [c for c in report.claims if c.tool == "gunicorn"]


def binds(root: Path, environ: dict[str, str] | None = None) -> list[tuple[str, int, bool]]:
    return [(c.host, c.port, c.explicit) for c in gunicorn_claims(root, environ)]


def scripts(root: Path, **named: str) -> None:
    (root / "package.json").write_text(json.dumps({"scripts": named}))


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("gunicorn app:app", [("127.0.0.1", 8000, False)]),
        ("gunicorn -b 0.0.0.0:8001 app:app", [("0.0.0.0", 8001, True)]),
        ("gunicorn --bind=:8002 -w 4 app:app", [("0.0.0.0", 8002, True)]),
        ("gunicorn -b127.0.0.1:8003 -b [::1]:8004 app:app", [("127.0.0.1", 8003, True), ("::1", 8004, True)]),
        ("gunicorn -b 0.0.0.0 app:app", [("0.0.0.0", 8000, False)]),
        ("gunicorn -b tcp://localhost:8005 app:app", [("localhost", 8005, True)]),
        ("PORT=8006 gunicorn app:app", [("0.0.0.0", 8006, True)]),
        ("PORT=8006 gunicorn -b 127.0.0.1:8007 app:app", [("127.0.0.1", 8007, True)]),
        ("GUNICORN_CMD_ARGS='--bind=0.0.0.0:8008 --workers=3' gunicorn app:app", [("0.0.0.0", 8008, True)]),
        ("GUNICORN_CMD_ARGS='-b :8008' gunicorn -b :8009 app:app", [("0.0.0.0", 8009, True)]),
        ("python -m gunicorn -b :8010 wsgi", [("0.0.0.0", 8010, True)]),
        ("gunicorn -b unix:/tmp/app.sock app:app", []),
        ("gunicorn -b $BIND app:app", []),
        ("PORT=$PORT gunicorn app:app", []),
        ("gunicorn -b 0.0.0.0:web app:app", []),
    ],
)
def test_command_lines(tmp_path: Path, script: str, expected: list[tuple[str, int, bool]]) -> None:
    scripts(tmp_path, web=script)
    assert binds(tmp_path) == expected


def test_the_config_file_in_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "gunicorn.conf.py").write_text('bind = ["0.0.0.0:8101"]\n')
    scripts(tmp_path, web="gunicorn app:app", local="gunicorn -b 127.0.0.1:8102 app:app")
    assert sorted(binds(tmp_path)) == [("0.0.0.0", 8101, True), ("127.0.0.1", 8102, True)]
    (claim,) = [c for c in gunicorn_claims(tmp_path) if c.port == 8101]
    assert claim.location.file == str(tmp_path / "gunicorn.conf.py") and claim.names_port
    assert "used by package.json script" in claim.origin


def test_a_config_named_with_c_and_gunicorn_cmd_args_over_it(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "gunicorn_config.py").write_text('bind = "0.0.0.0:8201"\n')
    scripts(tmp_path, web="gunicorn -c deploy/gunicorn_config.py app:app")
    assert binds(tmp_path) == [("0.0.0.0", 8201, True)]
    assert binds(tmp_path, {"GUNICORN_CMD_ARGS": "--bind 127.0.0.1:8202"}) == [("127.0.0.1", 8202, True)]


def test_a_config_portlint_has_not_read_or_cannot_read_is_no_claim(tmp_path: Path) -> None:
    scripts(tmp_path, web="gunicorn -c settings/prod.py app:app", mod="gunicorn -c python:app.conf app:app")
    assert binds(tmp_path) == []
    (tmp_path / "gunicorn.conf.py").write_text("import os\nbind = os.environ['BIND']\n")
    scripts(tmp_path, web="gunicorn app:app")
    assert binds(tmp_path) == []


def test_port_from_the_real_environment(tmp_path: Path) -> None:
    scripts(tmp_path, web="gunicorn app:app")
    (claim,) = gunicorn_claims(tmp_path, {"PORT": "8301"})
    assert (claim.host, claim.port, claim.names_port) == ("0.0.0.0", 8301, False)


def test_a_procfile_gives_each_process_type_its_port(tmp_path: Path) -> None:
    """honcho / foreman: PORT = 5000 + 100 × the process type's index; gunicorn binds 0.0.0.0:$PORT, while
    `flask run` ignores PORT and keeps its 5000."""
    (tmp_path / "Procfile").write_text(
        "web: gunicorn app:app\nworker: celery -A app worker\napi: gunicorn api:app --workers 2\n"
        "admin: flask --app admin run\n"
    )
    report = check_workspace(str(tmp_path), live=False, environ={})
    found = sorted((c.tool, c.host, c.port, c.names_port) for c in report.claims if c.tool in ("gunicorn", "flask"))
    assert found == [
        ("flask", "127.0.0.1", 5000, True),
        ("gunicorn", "0.0.0.0", 5000, False),
        ("gunicorn", "0.0.0.0", 5200, False),
    ]
    web = next(c for c in report.claims if c.port == 5000 and c.tool == "gunicorn")
    assert "set by the Procfile runner" in web.origin


def test_a_procfile_line_that_sets_port_itself(tmp_path: Path) -> None:
    (tmp_path / "Procfile").write_text("web: PORT=8401 gunicorn app:app\n")
    (claim,) = gunicorn_claims(tmp_path)
    assert (claim.port, claim.names_port) == (8401, True)


HEROKU_CONFIG = 'import os\n\nbind = ["[::]:{}".format(os.environ.get("PORT", 5006))]\nworkers = 2\n'


@pytest.mark.parametrize(
    "config",
    [
        HEROKU_CONFIG,
        "import os\nbind = f\"[::]:{os.environ.get('PORT', 5006)}\"\n",
        'import os\nbind = "[::]:" + str(os.getenv("PORT", "5006"))\n',
    ],
)
def test_a_config_port_read_from_the_environment_with_a_fallback(tmp_path: Path, config: str) -> None:
    """heroku/python-getting-started's gunicorn.conf.py: `heroku local` sets PORT (5000 for web); a plain
    `gunicorn` in a terminal binds the fallback 5006."""
    (tmp_path / "gunicorn.conf.py").write_text(config)
    (tmp_path / "Procfile").write_text("web: gunicorn --config gunicorn.conf.py gettingstarted.wsgi\n")
    (claim,) = gunicorn_claims(tmp_path)
    assert (claim.host, claim.port, claim.names_port) == ("::", 5000, False)
    (tmp_path / "Procfile").unlink()
    scripts(tmp_path, web="gunicorn gettingstarted.wsgi")
    (claim,) = gunicorn_claims(tmp_path)
    assert (claim.host, claim.port, claim.names_port) == ("::", 5006, True)
    assert "fallback" in claim.origin
    assert [(c.port, c.names_port) for c in gunicorn_claims(tmp_path, {"PORT": "5100"})] == [(5100, False)]


def test_the_procfile_runner_base_port_from_env_or_the_environment(tmp_path: Path) -> None:
    """honcho and foreman load `.env` beside the Procfile: its PORT is the base (before the shell's)."""
    (tmp_path / "Procfile").write_text("web: gunicorn app:app\napi: gunicorn api:app\n")
    assert [c.port for c in gunicorn_claims(tmp_path, {"PORT": "7000"})] == [7000, 7100]
    (tmp_path / ".env").write_text("PORT=8000\n")
    assert [c.port for c in gunicorn_claims(tmp_path, {"PORT": "7000"})] == [8000, 8100]
    assert all(not c.names_port for c in gunicorn_claims(tmp_path))


def test_a_config_file_named_with_c_is_read_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "gunicorn.py").write_text('bind = "0.0.0.0:8501"\n')
    scripts(tmp_path, web="gunicorn -c config/gunicorn.py app:app", bad="gunicorn -c config/missing.py app:app")
    assert binds(tmp_path) == [("0.0.0.0", 8501, True)]
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert [p.reason for p in report.problems] == ["config file config/missing.py does not exist"]
