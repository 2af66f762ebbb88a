"""Which Flask apps are services and how each is started (issue 11, items 1-5): one app is one service, a
service exists only where an entry point runs it, runner files are read, simple port expressions resolve,
and a port decided at run time is an information, not a claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.model import Claim, Severity

FACTORY = "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
APP = "from flask import Flask\n\napp = Flask(__name__)\n"
RUN_TIME = "port-decided-at-run-time"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def claims(root: Path) -> list[tuple[str, int, str]]:
    """(file of the claim, port, host) of every Flask claim."""
    report = check_workspace(str(root), live=False, environ={})
    return sorted((_file(c, root), c.port, c.host) for c in report.claims if c.tool == "flask")


def _file(claim: Claim, root: Path) -> str:
    return Path(claim.location.file).relative_to(root).as_posix()


@pytest.mark.parametrize(
    "runner",
    [
        "from app import create_app\n\napp = create_app()\n\nif __name__ == '__main__':\n"
        "    app.run(host='0.0.0.0', port=8000)\n",
        "from app import create_app\n\nif __name__ == '__main__':\n    create_app().run(host='0.0.0.0', port=8000)\n",
        "from app import create_app\n\napplication = create_app()\napp = application\n\n"
        "if __name__ == '__main__':\n    app.run(host='0.0.0.0', port=8000)\n",
    ],
)
def test_a_factory_and_its_runner_are_one_service(tmp_path: Path, runner: str) -> None:
    """No invented `flask run` from app/ (Flask cannot start there), and run.py is read though it never
    says "flask"."""
    write(tmp_path, {"app/__init__.py": FACTORY, "run.py": runner})
    assert claims(tmp_path) == [("run.py", 8000, "0.0.0.0")]


def test_a_runner_that_imports_the_app_object_runs_it(tmp_path: Path) -> None:
    runner = (
        "import os\nfrom project import app\n\nPORT = os.environ.get('APP_PORT') or 5001\napp.run(port=int(PORT))\n"
    )
    write(tmp_path, {"project/__init__.py": APP, "main.py": runner})
    assert claims(tmp_path) == [("main.py", 5001, "127.0.0.1")]


def test_run_on_an_imported_name_that_is_no_flask_app_is_no_service(tmp_path: Path) -> None:
    write(tmp_path, {"worker.py": "job = object()\n", "main.py": "from worker import job\n\njob.run(port=1234)\n"})
    assert claims(tmp_path) == []


def test_an_app_py_nothing_else_starts_keeps_its_terminal_flask_run(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": FACTORY})
    assert claims(tmp_path) == [("app.py", 5000, "127.0.0.1")]


@pytest.mark.parametrize(
    "files",
    [
        {
            "tests/conftest.py": "import pytest\nfrom flask import Flask\n\n@pytest.fixture\ndef app():\n"
            "    return Flask(__name__)\n"
        },
        {
            "functions/app.py": APP,
            "functions/main.py": "from firebase_functions import https_fn\nfrom app import app\n",
        },
        {"functions/main.py": "import functions_framework\nfrom flask import Flask\n\napp = Flask(__name__)\n"},
        {"app.yaml": "runtime: python312\n", "svc/app.py": FACTORY},
        {"project/__init__.py": APP, "Procfile": "web: gunicorn project:app\n"},
        {
            "pkg/__init__.py": APP,
            "pkg/cmd.py": "from . import app\n\n\n@app.cli.command('serve')\ndef serve():\n    app.run(port=7000)\n",
        },
    ],
    ids=[
        "test-fixture",
        "cloud-function-import",
        "functions-framework",
        "app-engine",
        "gunicorn-package",
        "cli-command",
    ],
)
def test_apps_no_local_entry_point_runs_are_no_service(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, files)
    assert claims(tmp_path) == []


def test_an_app_engine_sample_with_a_local_runner_keeps_it(tmp_path: Path) -> None:
    runner = APP + "\nif __name__ == '__main__':\n    app.run(host='127.0.0.1', port=8080)\n"
    write(tmp_path, {"app.yaml": "runtime: python312\n", "main.py": runner})
    assert claims(tmp_path) == [("main.py", 8080, "127.0.0.1")]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "server.py": "import flask\nPORT = 8000\napp = flask.Flask(__name__)\n"
                "if __name__ == '__main__':\n    app.run(port=PORT)\n"
            },
            ("server.py", 8000, "127.0.0.1"),
        ),
        (
            {
                "app/__init__.py": FACTORY,
                "app/config.py": "import os\n\n\nclass Config:\n"
                "    HOST = '0.0.0.0'\n    PORT = int(os.getenv('PORT', '5066'))\n",
                "run.py": "from app import create_app\nfrom app.config import Config\n\napp = create_app()\n"
                "if __name__ == '__main__':\n    app.run(host=Config.HOST, port=Config.PORT)\n",
            },
            ("app/config.py", 5066, "127.0.0.1"),
        ),
        (
            {
                "index.py": "from flask import Flask\n\n\nclass MyApp(Flask):\n    pass\n\n\napp = MyApp(__name__)\n"
                "if __name__ == '__main__':\n    app.run(port=5010)\n"
            },
            ("index.py", 5010, "127.0.0.1"),
        ),
        (
            {
                "app.py": APP + "from flask_socketio import SocketIO\nsocketio = SocketIO(app)\n"
                "if __name__ == '__main__':\n    socketio.run(app, port=5003)\n"
            },
            ("app.py", 5003, "127.0.0.1"),
        ),
    ],
    ids=["module-constant", "imported-config-class", "flask-subclass", "socketio-run"],
)
def test_the_port_a_runner_names(tmp_path: Path, files: dict[str, str], expected: tuple[str, int, str]) -> None:
    write(tmp_path, files)
    assert claims(tmp_path) == [expected]


def test_a_port_decided_at_run_time_is_an_information_and_other_claims_stay(tmp_path: Path) -> None:
    runner = (
        APP + "\nif __name__ == '__main__':\n    import argparse\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--port', type=int)\n    args = parser.parse_args()\n    app.run(port=args.port)\n"
    )
    write(tmp_path, {"api/app.py": runner, "api/.flaskenv": "FLASK_RUN_PORT=5040\n"})
    report = check_workspace(str(tmp_path), live=False, environ={})
    (finding,) = [f for f in report.findings if f.code == RUN_TIME]
    assert finding.severity is Severity.INFORMATION and len(finding.message) <= 200
    assert finding.location.range.start.line == 9 and "app.run" in finding.message
    assert claims(tmp_path) == [("api/.flaskenv", 5040, "127.0.0.1")]  # `flask run` there still reads .flaskenv


def test_each_way_of_starting_a_service_claims_the_lines_it_reads(tmp_path: Path) -> None:
    """The launch configuration's `--port` and the `.flaskenv` a terminal `flask run` reads: two claims of one
    service (so no port-claimed-twice between them)."""
    launch = (
        '{"configurations": [{"name": "Flask", "type": "debugpy", "request": "launch", "module": "flask",'
        ' "env": {"FLASK_APP": "app.py"}, "args": ["run", "--port", "5002"]}]}'
    )
    write(tmp_path, {"app.py": APP, ".flaskenv": "FLASK_RUN_PORT=5001\n", ".vscode/launch.json": launch})
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert claims(tmp_path) == [(".flaskenv", 5001, "127.0.0.1"), (".vscode/launch.json", 5002, "127.0.0.1")]
    assert len({c.service for c in report.claims}) == 1
    assert report.findings == []


def test_a_terminal_run_reading_what_a_command_line_reads_is_one_claim(tmp_path: Path) -> None:
    """`cd $(BACKEND) && flask run` reads backend/.flaskenv, as a terminal `flask run` there does: one claim."""
    write(
        tmp_path,
        {
            "Makefile": "BACKEND = backend\n\nrun:\n\tcd $(BACKEND) && flask run\n",
            "backend/.flaskenv": "FLASK_APP=api.py\nFLASK_RUN_PORT=5055\n",
            "backend/api.py": APP,
        },
    )
    assert claims(tmp_path) == [("backend/.flaskenv", 5055, "127.0.0.1")]


def test_a_flaskenv_port_from_an_interpolated_variable(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": APP, ".flaskenv": "ADMIN_PORT=5004\nFLASK_RUN_PORT=${ADMIN_PORT}\n"})
    assert claims(tmp_path) == [(".flaskenv", 5004, "127.0.0.1")]


@pytest.mark.parametrize(
    ("decorator", "runs"),
    [
        ("@app.cli.command('serve')", False),  # `flask serve`: FlaskGroup makes app.run a no-op
        ("@cli.command('serve')", False),  # cli = FlaskGroup(app)
        ("@click.command()", True),  # `python manage.py`: a plain click command, app.run runs
    ],
)
def test_app_run_in_a_command_runs_only_outside_the_flask_cli(tmp_path: Path, decorator: str, runs: bool) -> None:
    manage = (
        "import click\nfrom flask.cli import FlaskGroup\nfrom flask import Flask\n\napp = Flask(__name__)\n"
        f"cli = FlaskGroup(app)\n\n\n{decorator}\ndef serve():\n    app.run(port=7001)\n\n\n"
        "if __name__ == '__main__':\n    serve()\n"
    )
    write(tmp_path, {"manage.py": manage})
    assert claims(tmp_path) == ([("manage.py", 7001, "127.0.0.1")] if runs else [])


@pytest.mark.parametrize(
    "runner",
    [
        "from app import create_app, socketio\n\napp = create_app()\n\nif __name__ == '__main__':\n"
        "    socketio.run(app, port=5003)\n",
        "from app import app, socketio\n\nif __name__ == '__main__':\n    socketio.run(app, port=5003)\n",
    ],
    ids=["factory", "imported-app"],
)
def test_a_socketio_runner_script_runs_the_app_it_imports(tmp_path: Path, runner: str) -> None:
    package = (
        "from flask import Flask\nfrom flask_socketio import SocketIO\n\nsocketio = SocketIO()\n\n\n"
        "def create_app():\n    app = Flask(__name__)\n    socketio.init_app(app)\n    return app\n\n\n"
        "app = create_app()\n"
    )
    write(tmp_path, {"app/__init__.py": package, "chat.py": runner})
    assert claims(tmp_path) == [("chat.py", 5003, "127.0.0.1")]


@pytest.mark.parametrize(
    "files",
    [
        {"app.py": APP, "Dockerfile": "FROM python:3.12\nCMD gunicorn --config gunicorn.conf.py -w 4 app:app\n"},
        {"api/app.py": APP, "api/wsgi.py": "from app import app\n", "api/Dockerfile": 'CMD ["gunicorn", "wsgi:app"]\n'},
        {"app.py": APP, "docker/Dockerfile.app": "CMD uwsgi --http :5000 --wsgi-file ../app.py\n"},
    ],
    ids=["gunicorn-app-py", "gunicorn-re-export", "uwsgi-wsgi-file"],
)
def test_an_app_only_a_dockerfile_wsgi_server_serves_gets_no_terminal_flask_run(
    tmp_path: Path, files: dict[str, str]
) -> None:
    write(tmp_path, files)
    assert claims(tmp_path) == []
