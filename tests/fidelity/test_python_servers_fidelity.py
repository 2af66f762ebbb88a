"""Real Python servers (uvicorn, the FastAPI CLI, gunicorn, Django's runserver, honcho) bind exactly the
port and address portlint resolved, for several ways of setting it each.

Each case is a small workspace in tmp_path; `<P1>`..`<P3>` stand for distinct free loopback ports, so a
wrong precedence shows as a wrong port. Cases about a tool's default port run in a private network
namespace, where it is surely free. The servers are the test extras' pinned versions (pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .bound import Bound, listening
from .netns import NetNamespace
from .running import started
from .workspace import free_ports, listen_claims, loopback_usable, the_claim, write_tree

pytestmark = pytest.mark.fidelity

READY_TIMEOUT = 60.0
BIN = Path(sys.executable).parent
# What each says right after it bound (uvicorn, fastapi-cli, gunicorn, Django).
READY = (
    r"Uvicorn running on http://(?P<host>\[[^\]]+\]|[^\s:/]+):(?P<port>\d+)"
    r"|Listening at: http://(?P<ghost>\[[^\]]+\]|[^\s:/]+):(?P<gport>\d+)"
    r"|Starting development server at http://(?P<dhost>\[[^\]]+\]|[^\s:/]+):(?P<dport>\d+)"
    r"|Serving on http://(?P<whost>\[[^\]]+\]|[^\s:/]+):(?P<wport>\d+)"
    r"|(?:bound to TCP address|http bound on) (?P<uhost>\[[^\]]+\]|[^\s:/]*):(?P<uport>\d+)"
)
_STEERING = ("UVICORN_", "GUNICORN_", "DJANGO_", "FLASK_", "WEB_CONCURRENCY")

ASGI_APP = """async def app(scope, receive, send):
    assert scope["type"] in ("http", "lifespan")
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
"""
FASTAPI_APP = """from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index() -> str:
    return "ok"
"""
WSGI_APP = """def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""
DJANGO_PROJECT = {
    "manage.py": """import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
""",
    "mysite/__init__.py": "",
    "mysite/settings.py": 'SECRET_KEY = "fidelity"\nDEBUG = True\nALLOWED_HOSTS = ["*"]\nROOT_URLCONF = "mysite.urls"\n'
    "INSTALLED_APPS: list[str] = []\nDATABASES: dict[str, object] = {}\nUSE_TZ = True\n",
    "mysite/urls.py": "urlpatterns: list[object] = []\n",
}
UVICORN_RUN = ASGI_APP + '\n\nif __name__ == "__main__":\n    import uvicorn\n\n    uvicorn.run(app, port=<P1>)\n'
UVICORN_RUN_DEFAULT = ASGI_APP + '\n\nif __name__ == "__main__":\n    import uvicorn\n\n    uvicorn.run("main:app")\n'


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    run: tuple[str, ...]  # a program of the venv (`uvicorn`) or `python`, then its arguments
    origin: str  # picks portlint's claim: a part of its origin
    environ: dict[str, str] = field(default_factory=dict)  # the real environment; portlint is told it too
    default_port: bool = False  # about a fixed default port: run in a private network namespace
    # Printed once the socket also listens: under `--reload` the parent binds and logs, a child listens.
    then: str | None = None
    every_claim: bool = False  # compare every claim whose origin matches (several binds, honcho's processes)
    lines: int = 1  # how many ready lines to wait for (gunicorn says all its binds in one)
    loopback: str = "127.0.0.1"  # where the free ports are picked
    # The tool also binds a port of the system's choosing no file names (uWSGI's `http` router talks to its
    # workers over an auto-assigned local socket): the claimed ports must be among the bound ones.
    also_random_port: bool = False


CASES = [
    Case("uvicorn-port-option", {"main.py": ASGI_APP, "Procfile": "web: uvicorn main:app --port <P1>\n"},
         ("uvicorn", "main:app", "--port", "<P1>"), origin='--port in Procfile process "web"'),
    Case("uvicorn-port-option-over-variable",
         {"main.py": ASGI_APP, "Makefile": "run:\n\tUVICORN_PORT=<P1> uvicorn main:app --port <P2>\n"},
         ("uvicorn", "main:app", "--port", "<P2>"), environ={"UVICORN_PORT": "<P1>"},
         origin='--port in Makefile target "run"'),
    Case("uvicorn-port-variable", {"main.py": ASGI_APP, "Procfile": "web: uvicorn main:app\n"},
         ("uvicorn", "main:app"), environ={"UVICORN_PORT": "<P1>"}, origin="UVICORN_PORT in the environment"),
    Case("uvicorn-ignores-port", {"main.py": ASGI_APP, "Procfile": "web: uvicorn main:app\n"},
         ("uvicorn", "main:app"), environ={"PORT": "<P1>"}, origin="uvicorn's default port 8000",
         default_port=True),
    Case("uvicorn-host-variable", {"main.py": ASGI_APP, "Procfile": "web: uvicorn main:app --port <P1>\n"},
         ("uvicorn", "main:app", "--port", "<P1>"), environ={"UVICORN_HOST": "0.0.0.0"},
         origin='--port in Procfile process "web"'),
    Case("uvicorn-run-port", {"main.py": UVICORN_RUN}, ("python", "main.py"), origin="uvicorn.run(port=<P1>)"),
    Case("uvicorn-run-default", {"main.py": UVICORN_RUN_DEFAULT}, ("python", "main.py"),
         origin="uvicorn's default port 8000 for uvicorn.run()", default_port=True),
    Case("fastapi-dev-port-variable", {"main.py": FASTAPI_APP, "Makefile": "dev:\n\tfastapi dev main.py\n"},
         ("fastapi", "dev", "main.py"), environ={"PORT": "<P1>"}, origin="PORT in the environment",
         then="Application startup complete"),
    Case("fastapi-run-default-all-addresses",
         {"main.py": FASTAPI_APP, "Makefile": "run:\n\tfastapi run main.py\n"},
         ("fastapi", "run", "main.py"), origin="fastapi run's default port 8000", default_port=True),
    Case("gunicorn-bind-options",
         {"app.py": WSGI_APP, "Makefile": "run:\n\tgunicorn -b 127.0.0.1:<P1> --bind [::1]:<P2> app:app\n"},
         ("gunicorn", "-b", "127.0.0.1:<P1>", "--bind", "[::1]:<P2>", "app:app"), origin="-b in Makefile",
         every_claim=True),
    Case("gunicorn-config-file", {"app.py": WSGI_APP, "gunicorn.conf.py": 'bind = ["127.0.0.1:<P1>"]\n',
                                  "Procfile": "web: gunicorn app:app\n"},
         ("gunicorn", "app:app"), origin="bind in gunicorn.conf.py"),
    Case("gunicorn-cmd-args-over-config-file",
         {"app.py": WSGI_APP, "conf/gunicorn_config.py": 'bind = "127.0.0.1:<P1>"\n',
          "Makefile": "run:\n\tgunicorn -c conf/gunicorn_config.py app:app\n"},
         ("gunicorn", "-c", "conf/gunicorn_config.py", "app:app"),
         environ={"GUNICORN_CMD_ARGS": "--bind=127.0.0.1:<P2> --workers 2"}, origin="GUNICORN_CMD_ARGS"),
    Case("gunicorn-port-variable", {"app.py": WSGI_APP, "Makefile": "run:\n\tgunicorn app:app\n"},
         ("gunicorn", "app:app"), environ={"PORT": "<P1>"}, origin="0.0.0.0:$PORT"),
    Case("gunicorn-default", {"app.py": WSGI_APP, "Makefile": "run:\n\tgunicorn app:app\n"},
         ("gunicorn", "app:app"), origin="gunicorn's default port 8000", default_port=True),
    Case("honcho-procfile-ports",
         {"app.py": WSGI_APP, "Procfile": "web: gunicorn app:app\napi: gunicorn app:app --workers 1\n"},
         ("honcho", "start"), origin="set by the Procfile runner", default_port=True, every_claim=True, lines=2),
    Case("django-port", DJANGO_PROJECT | {"Makefile": "run:\n\tpython manage.py runserver <P1>\n"},
         ("python", "manage.py", "runserver", "<P1>"), origin="runserver <P1> in Makefile"),
    Case("django-address-and-port-no-reload",
         DJANGO_PROJECT | {"Procfile": "web: python manage.py runserver 0.0.0.0:<P1> --noreload\n"},
         ("python", "manage.py", "runserver", "0.0.0.0:<P1>", "--noreload"), origin="runserver <P1> in Procfile"),
    Case("django-ipv6-address", DJANGO_PROJECT | {"Makefile": "run:\n\tpython manage.py runserver [::1]:<P1>\n"},
         ("python", "manage.py", "runserver", "[::1]:<P1>"), origin="runserver <P1> in Makefile", loopback="::1"),
    Case("django-default", DJANGO_PROJECT | {"Makefile": "run:\n\tpython manage.py runserver\n"},
         ("python", "manage.py", "runserver"), origin="Django's default port 8000", default_port=True),
    Case("honcho-gunicorn-config-port-from-environment",  # heroku/python-getting-started's gunicorn.conf.py
         {"app.py": WSGI_APP, "Procfile": "web: gunicorn --config gunicorn.conf.py app:app\n",
          "gunicorn.conf.py": 'import os\n\nbind = ["[::]:{}".format(os.environ.get("PORT", 5006))]\n'},
         ("honcho", "start"), origin="set by the Procfile runner", default_port=True),
    Case("gunicorn-config-port-fallback",
         {"app.py": WSGI_APP, "Makefile": "run:\n\tgunicorn app:app\n",
          "gunicorn.conf.py": 'import os\n\nbind = "127.0.0.1:" + os.environ.get("PORT", "<P1>")\n'},
         ("gunicorn", "app:app"), origin="fallback when PORT is not set"),
    Case("waitress-port", {"app.py": WSGI_APP, "Makefile": "run:\n\twaitress-serve --port=<P1> app:app\n"},
         ("waitress-serve", "--port=<P1>", "app:app"), origin="waitress-serve in Makefile"),
    Case("waitress-listen", {"app.py": WSGI_APP, "Procfile": "web: waitress-serve --listen=127.0.0.1:<P1> app:app\n"},
         ("waitress-serve", "--listen=127.0.0.1:<P1>", "app:app"), origin="waitress-serve in Procfile"),
    Case("waitress-serve-call",
         {"app.py": WSGI_APP + '\nif __name__ == "__main__":\n    import logging\n\n    from waitress import serve\n\n'
                              '    logging.basicConfig(level=logging.INFO)  # "Serving on ..."\n'
                              '    serve(app, host="127.0.0.1", port=<P1>)\n'},
         ("python", "app.py"), origin="serve() in app.py"),
    Case("waitress-default", {"app.py": WSGI_APP, "Makefile": "run:\n\twaitress-serve app:app\n"},
         ("waitress-serve", "app:app"), origin="waitress's default port 8080", default_port=True),
    Case("honcho-base-port-from-env-file",
         {"app.py": WSGI_APP, ".env": "PORT=<P1>\n", "Procfile": "web: gunicorn app:app\napi: gunicorn app:app -w 1\n"},
         ("honcho", "start"), origin="set by the Procfile runner", every_claim=True, lines=2),
    Case("uwsgi-http-socket-option",
         {"app.py": WSGI_APP, "Makefile": "run:\n\tuwsgi --http-socket 127.0.0.1:<P1> --wsgi-file app.py\n"},
         ("uwsgi", "--http-socket", "127.0.0.1:<P1>", "--wsgi-file", "app.py"), origin="uwsgi in Makefile"),
    Case("uwsgi-ini-http-router",
         {"app.py": WSGI_APP, "uwsgi.ini": "[uwsgi]\nwsgi-file = app.py\nhttp = 127.0.0.1:<P1>\nmaster = true\n"},
         ("uwsgi", "--ini", "uwsgi.ini"), origin="http in uwsgi.ini", also_random_port=True),
]  # fmt: skip


def _fill(text: str, ports: list[int]) -> str:
    for number, port in enumerate(ports, start=1):
        text = text.replace(f"<P{number}>", str(port))
    return text


def _fill_all(values: Mapping[str, str], ports: list[int]) -> dict[str, str]:
    return {key: _fill(value, ports) for key, value in values.items()}


def _environment(case_environ: Mapping[str, str]) -> dict[str, str]:
    """This environment minus what steers the servers (and PORT), plus the case's own settings."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(_STEERING) and k != "PORT"}
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', os.defpath)}"
    return kept | {"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1", "PATH": path} | dict(case_environ)


def _argv(run: tuple[str, ...], ports: list[int]) -> list[str]:
    program = sys.executable if run[0] == "python" else str(BIN / run[0])
    return [program, *(_fill(arg, ports) for arg in run[1:])]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_python_server_binds_the_port_portlint_resolved(
    case: Case, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    program = case.run[0]
    if program != "python" and shutil.which(program, path=str(BIN)) is None:
        pytest.skip(f"{program} is not installed in {BIN} (the test extras pin it)")
    if not loopback_usable(case.loopback):
        pytest.skip(f"{case.loopback} cannot be bound on this machine")
    namespace: NetNamespace | None = request.getfixturevalue("netns") if case.default_port else None
    root = tmp_path / "workspace"
    ports = free_ports(3, case.loopback)
    write_tree(root, _fill_all(case.files, ports))
    # HOME: gunicorn 27 puts its control socket in ~/.gunicorn
    environ = _environment(_fill_all(case.environ, ports)) | {"HOME": str(tmp_path)}

    claims = listen_claims(root, environ)
    origin = _fill(case.origin, ports)
    chosen = [c for c in claims if origin in c.origin] if case.every_claim else [the_claim(claims, origin=origin)]
    assert chosen, f"no claim with origin {origin!r} among {claims}"
    prefix = namespace.prefix if namespace else []
    with started(_argv(case.run, ports), root, environ, prefix) as server:
        said = server.wait_for(rf"(?s)(?:(?:{READY}).*?){{{case.lines}}}", READY_TIMEOUT)
        if case.then is not None:
            server.wait_for(case.then, READY_TIMEOUT)
        bound = listening(server.pid, prefix)

    expected = {Bound(6 if ":" in c.host else 4, c.host, c.port) for c in chosen}
    listing = ", ".join(f"{c.host}:{c.port} ({c.origin})" for c in chosen)
    if case.also_random_port:
        assert expected <= bound and len(bound - expected) == 1, f"portlint: {listing}; the kernel: {sorted(bound)}"
    else:
        assert bound == expected, f"portlint: {listing}; the kernel: {sorted(bound)}\n{server.text}"
    if len(chosen) == 1 == case.lines:
        host = said["host"] or said["ghost"] or said["dhost"] or said["whost"] or said["uhost"]
        port = said["port"] or said["gport"] or said["dport"] or said["wport"] or said["uport"]
        assert (host.strip("[]"), int(port)) == (chosen[0].host, chosen[0].port)
