"""Real Flask (the venv's) binds exactly the port and address portlint resolved, for each way of setting it.

Each case is a small workspace written to tmp_path; `<P1>`..`<P5>` in its files, environment and expected
origin stand for distinct free loopback ports, so a wrong precedence shows as a wrong port. Cases about
Flask's default port 5000 run inside a private network namespace, where 5000 is surely free.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .bound import Bound, listening
from .netns import NetNamespace
from .running import started
from .workspace import (
    free_ports,
    listen_claims,
    loopback_usable,
    stray_dotenv,
    the_claim,
    without_flask_environment,
    write_tree,
)

pytestmark = pytest.mark.fidelity

READY_TIMEOUT = 30.0
# Werkzeug's startup line, printed right after it bound: "Running on http://127.0.0.1:5000", "http://[::1]:5001"
RUNNING_ON = r"Running on http://(?P<host>\[[^\]]+\]|[^\s:/]+):(?P<port>\d+)"

APP = """from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "ok"
"""
APP_RUN_PORT = APP + '\n\nif __name__ == "__main__":\n    app.run(port=<P1>)\n'
APP_RUN_DEFAULT = APP + '\n\nif __name__ == "__main__":\n    app.run()\n'
APP_SERVER_NAME = APP.replace(
    "app = Flask(__name__)\n", 'app = Flask(__name__)\napp.config["SERVER_NAME"] = "127.0.0.1:<P1>"\n'
) + ('\n\nif __name__ == "__main__":\n    app.run()\n')


# The application-factory layout (issue 11): a factory in app/__init__.py, a runner that builds and runs it.
FACTORY = """from flask import Flask


def create_app():
    app = Flask(__name__)

    @app.get("/")
    def index() -> str:
        return "ok"

    return app
"""
RUNNER = """from app import create_app

app = create_app()

if __name__ == "__main__":
    app.run(port=<P1>)
"""
CONFIG = """import os


class Config:
    PORT = int(os.getenv("PORTLINT_FIDELITY_UNSET", "<P1>"))
"""
CONFIG_RUNNER = """from app import create_app
from app.config import Config

if __name__ == "__main__":
    create_app().run(port=Config.PORT)
"""
APP_MODULE_CONSTANT = APP.replace("app = Flask(__name__)\n", "PORT = <P1>\napp = Flask(__name__)\n") + (
    '\n\nif __name__ == "__main__":\n    app.run(port=PORT)\n'
)
APP_SUBCLASS = APP.replace(
    "app = Flask(__name__)\n", "class MyFlask(Flask):\n    pass\n\n\napp = MyFlask(__name__)\n"
) + ('\n\nif __name__ == "__main__":\n    app.run(port=<P1>)\n')


def launch_json(configuration: dict[str, object]) -> str:
    return json.dumps({"version": "0.2.0", "configurations": [configuration]}, indent=2)


FLASK_LAUNCH = {"name": "Flask", "type": "debugpy", "request": "launch", "module": "flask"}


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    origin: str  # picks portlint's claim: a part of its origin
    run: tuple[str, ...] = ("-m", "flask", "run")  # after the interpreter; ignored with `launch`
    cwd: str = "."
    environ: dict[str, str] = field(default_factory=dict)  # the real environment; portlint is told it too
    launch: str | None = None  # run as the debugger runs this launch.json configuration instead
    service: str | None = None
    default_port: bool = False  # about port 5000: run in a private network namespace
    loopback: str = "127.0.0.1"  # where the free ports are picked


CASES = [
    Case(
        "flaskenv",
        {"app.py": APP, ".flaskenv": "FLASK_RUN_PORT=<P1>\n"},
        origin="FLASK_RUN_PORT in .flaskenv",
    ),
    Case(
        "env-over-flaskenv",
        {"app.py": APP, ".flaskenv": "FLASK_RUN_PORT=<P1>\n", ".env": "FLASK_RUN_PORT=<P2>\n"},
        origin="FLASK_RUN_PORT in .env",
    ),
    Case(
        "environment-over-dotenv-files",
        {"app.py": APP, ".flaskenv": "FLASK_RUN_PORT=<P1>\n", ".env": "FLASK_RUN_PORT=<P2>\n"},
        environ={"FLASK_RUN_PORT": "<P3>"},
        origin="FLASK_RUN_PORT in the environment",
    ),
    Case(
        "env-file-over-env",
        {
            "app.py": APP,
            ".flaskenv": "FLASK_RUN_PORT=<P1>\n",
            ".env": "FLASK_RUN_PORT=<P2>\n",
            "config/dev.env": "FLASK_RUN_PORT=<P3>\n",
            "Makefile": "run:\n\tflask --env-file config/dev.env run\n",
        },
        run=("-m", "flask", "--env-file", "config/dev.env", "run"),
        origin="FLASK_RUN_PORT in --env-file config/dev.env",
    ),
    Case(
        "port-option-over-everything",
        {
            "app.py": APP,
            ".flaskenv": "FLASK_RUN_PORT=<P1>\n",
            ".env": "FLASK_RUN_PORT=<P2>\n",
            "config/dev.env": "FLASK_RUN_PORT=<P3>\n",
            "Makefile": "run:\n\tflask --env-file config/dev.env run --port <P5>\n",
        },
        environ={"FLASK_RUN_PORT": "<P4>"},
        run=("-m", "flask", "--env-file", "config/dev.env", "run", "--port", "<P5>"),
        origin='--port in Makefile target "run"',
    ),
    Case(
        "launch-module-flask-args-port",
        {
            "app.py": APP,
            ".flaskenv": "FLASK_RUN_PORT=<P1>\n",
            ".vscode/launch.json": launch_json(
                {**FLASK_LAUNCH, "env": {"FLASK_APP": "app.py"}, "args": ["run", "--no-debugger", "--port", "<P2>"]}
            ),
        },
        launch="Flask",
        origin='--port in launch configuration "Flask"',
    ),
    Case(
        "launch-module-flask-env-port",
        {
            "app.py": APP,
            ".env": "FLASK_RUN_PORT=<P1>\n",
            ".vscode/launch.json": launch_json(
                {**FLASK_LAUNCH, "env": {"FLASK_APP": "app.py", "FLASK_RUN_PORT": "<P2>"}, "args": ["run"]}
            ),
        },
        launch="Flask",
        origin='FLASK_RUN_PORT in the environment of launch configuration "Flask"',
    ),
    Case(
        "app-run-port-as-script",
        {"app.py": APP_RUN_PORT, ".flaskenv": "FLASK_RUN_PORT=<P2>\n"},  # app.run ignores FLASK_RUN_PORT
        run=("app.py",),
        origin="app.run(port=<P1>)",
    ),
    Case(
        "flask-run-ignores-app-run-port",
        {"app.py": APP_RUN_PORT, ".flaskenv": "FLASK_RUN_PORT=<P2>\n"},
        origin="FLASK_RUN_PORT in .flaskenv",
    ),
    Case(
        "flask-run-ignores-app-run-port-default-5000",
        {"app.py": APP_RUN_PORT, "Makefile": "run:\n\tflask run\n"},
        origin="Flask's default port 5000 for Makefile target",
        default_port=True,
    ),
    Case(
        "app-run-default-5000",
        {"app.py": APP_RUN_DEFAULT},
        run=("app.py",),
        origin="Flask's default port 5000 for app.run()",
        default_port=True,
    ),
    Case(
        "flask-run-default-5000",
        {"app.py": APP},
        origin="Flask's default port 5000 for `flask run`",
        default_port=True,
    ),
    Case(
        "app-run-server-name-port",
        {"app.py": APP_SERVER_NAME},
        run=("app.py",),
        origin="SERVER_NAME in app.py",
    ),
    Case(
        "flaskenv-in-parent-folder",
        {"backend/app.py": APP, ".flaskenv": "FLASK_RUN_PORT=<P1>\n", "backend/Makefile": "run:\n\tflask run\n"},
        cwd="backend",
        service="flask backend/app.py",
        origin='FLASK_RUN_PORT in .flaskenv, used by Makefile target "run"',
    ),
    Case(  # click's INT type is Python's int(): `_` between digits and full-width digits are read
        "flaskenv-port-with-underscores",
        {"app.py": APP, ".flaskenv": "FLASK_RUN_PORT=<P1_>\n"},
        origin="FLASK_RUN_PORT in .flaskenv",
    ),
    Case(
        "environment-port-in-full-width-digits",
        {"app.py": APP},
        environ={"FLASK_RUN_PORT": "<P1w>"},
        origin="FLASK_RUN_PORT in the environment",
    ),
    Case(  # issue 11: one service, the runner's; run.py never says "flask"
        "factory-and-runner",
        {"app/__init__.py": FACTORY, "run.py": RUNNER},
        run=("run.py",),
        service="flask run.py",
        origin="app.run(port=<P1>) in run.py",
    ),
    Case(  # issue 11: `Config.PORT` of an imported module, the fallback of an environment read
        "imported-config-class-port",
        {"app/__init__.py": FACTORY, "app/config.py": CONFIG, "run.py": CONFIG_RUNNER},
        run=("run.py",),
        service="flask run.py",
        origin="the fallback <P1> of app.run's computed port in run.py",
    ),
    Case(
        "module-constant-port",
        {"app.py": APP_MODULE_CONSTANT},
        run=("app.py",),
        origin="app.run(port=<P1>) in app.py",
    ),
    Case(
        "flask-subclass-app",
        {"app.py": APP_SUBCLASS},
        run=("app.py",),
        origin="app.run(port=<P1>) in app.py",
    ),
    Case(  # python-dotenv interpolates for Flask: from a key above in the same file
        "flaskenv-interpolated-port",
        {"app.py": APP, ".flaskenv": "API_PORT=<P2>\nADMIN_PORT=<P1>\nFLASK_RUN_PORT=${ADMIN_PORT}\n"},
        origin="FLASK_RUN_PORT in .flaskenv",
    ),
    Case(  # Flask 3.1 reads each file on its own: .flaskenv does not see a key only .env sets
        "flaskenv-does-not-see-env-keys",
        {
            "app.py": APP,
            ".env": "ADMIN_PORT=<P2>\n",
            ".flaskenv": "FLASK_RUN_PORT=${ADMIN_PORT:-<P1>}\n",
        },
        origin="FLASK_RUN_PORT in .flaskenv",
    ),
    Case(  # make expands its own variables: `cd $(BACKEND)` is backend/, where .flaskenv is found
        "makefile-variable-folder",
        {
            "Makefile": "BACKEND = backend\n\nrun:\n\tcd $(BACKEND) && flask run\n",
            "backend/.flaskenv": "FLASK_APP=api.py\nFLASK_RUN_PORT=<P1>\n",
            "backend/api.py": APP,
        },
        cwd="backend",
        service="flask backend/api.py",
        origin='FLASK_RUN_PORT in backend/.flaskenv, used by Makefile target "run"',
    ),
    Case(
        "ipv6-host",
        {"app.py": APP, ".flaskenv": "FLASK_RUN_HOST=::1\nFLASK_RUN_PORT=<P1>\n"},
        origin="FLASK_RUN_PORT in .flaskenv",
        loopback="::1",
    ),
]


def _fill(text: str, ports: list[int]) -> str:
    """`<P1>` → the port; `<P1_>` → written with `_` between digit groups; `<P1w>` → in full-width digits."""
    for number, port in enumerate(ports, start=1):
        text = text.replace(f"<P{number}_>", f"{port:_}")
        text = text.replace(f"<P{number}w>", str(port).translate(_FULL_WIDTH))
        text = text.replace(f"<P{number}>", str(port))
    return text


_FULL_WIDTH = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")


def _fill_all(values: Mapping[str, str], ports: list[int]) -> dict[str, str]:
    return {key: _fill(value, ports) for key, value in values.items()}


def _as_debugger_runs(root: Path, name: str) -> tuple[list[str], dict[str, str], Path]:
    """`python -m MODULE ARGS...` with the configuration's env, in its cwd (default: the workspace)."""
    launch = json.loads((root / ".vscode" / "launch.json").read_text())
    configuration = next(c for c in launch["configurations"] if c["name"] == name)
    cwd = str(configuration.get("cwd", "${workspaceFolder}")).replace("${workspaceFolder}", str(root))
    return (
        ["-m", configuration["module"], *configuration.get("args", [])],
        dict(configuration.get("env", {})),
        Path(cwd),
    )


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_flask_binds_the_port_portlint_resolved(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if not loopback_usable(case.loopback):
        pytest.skip(f"{case.loopback} cannot be bound on this machine")
    stray = stray_dotenv(tmp_path)
    assert stray is None, f"{stray} lies above the test workspace; python-dotenv would read it"
    namespace: NetNamespace | None = request.getfixturevalue("netns") if case.default_port else None

    root = tmp_path / "workspace"
    ports = free_ports(5, case.loopback)
    write_tree(root, _fill_all(case.files, ports))
    real_environment = without_flask_environment(os.environ) | _fill_all(case.environ, ports)

    claim = the_claim(
        listen_claims(root, real_environment),
        origin=_fill(case.origin, ports),
        service=case.service,
    )
    if case.launch is not None:
        arguments, launch_env, cwd = _as_debugger_runs(root, case.launch)
    else:
        arguments, launch_env, cwd = [_fill(a, ports) for a in case.run], {}, root / case.cwd

    prefix = namespace.prefix if namespace else []
    with started([sys.executable, *arguments], cwd, real_environment | launch_env, prefix) as flask:
        said = flask.wait_for(RUNNING_ON, READY_TIMEOUT)
        bound = listening(flask.pid, prefix)

    expected = Bound(6 if ":" in claim.host else 4, claim.host, claim.port)
    assert bound == {expected}, (
        f"portlint: {claim.host}:{claim.port} ({claim.origin}); the kernel: {sorted(bound)}\n{flask.text}"
    )
    assert (said["host"].strip("[]"), int(said["port"])) == (claim.host, claim.port)


def test_the_factory_layout_is_one_service_and_flask_cannot_start_from_its_package(tmp_path: Path) -> None:
    """Issue 11, item 1: portlint claims the runner only; the `flask run` from app/ it used to invent for
    the factory cannot even start there (Flask finds no app: app/ has neither wsgi.py nor app.py)."""
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    write_tree(root, {"app/__init__.py": FACTORY, "run.py": RUNNER.replace("<P1>", str(port))})
    environment = without_flask_environment(os.environ)
    assert [(c.service, c.port) for c in listen_claims(root, environment)] == [("flask run.py", port)]
    arguments = [sys.executable, "-m", "flask", "run", "--port", str(port)]
    with started(arguments, root / "app", environment, []) as flask:
        status = flask.wait_for_exit(READY_TIMEOUT)
    assert status != 0 and "Could not locate a Flask application" in flask.text, flask.text


def test_app_run_in_a_flask_cli_command_does_nothing(tmp_path: Path) -> None:
    """Issue 11, item 5: `app.run()` inside an `@app.cli.command` runs under `flask <command>`, where Flask
    ignores it (FlaskGroup sets FLASK_RUN_FROM_CLI): no port, and portlint claims none."""
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    command = APP + f'\n\n@app.cli.command("serve")\ndef serve() -> None:\n    app.run(port={port})\n'
    write_tree(root, {"app.py": command, "Makefile": "serve:\n\tflask serve\n"})
    environment = without_flask_environment(os.environ)
    assert [c.port for c in listen_claims(root, environment) if c.port == port] == []
    with started([sys.executable, "-m", "flask", "serve"], root, environment, []) as flask:
        status = flask.wait_for_exit(READY_TIMEOUT)
    assert status == 0 and "Ignoring a call to 'app.run()'" in flask.text, flask.text
