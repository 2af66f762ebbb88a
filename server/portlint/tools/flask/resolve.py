"""Flask run settings → claims, with Flask's own precedence.

`flask run`: `--port` > the real environment > `--env-file` > `.env` > `.flaskenv` > 5000 (`run_sources.py`);
the host likewise with `FLASK_RUN_HOST`, default 127.0.0.1. `app.run(port=...)` counts only when the file runs as
a script: under `flask run` it does nothing. Flask never moves to another port by itself.

The first source that sets the port decides it, as click reads it: Python's `int()` of the text (so
`5_055` and full-width digits are 5055, `0x13BF` is refused and Flask does not start); an empty
environment variable counts as unset (click), so the default applies; a port the shell computes
(`--port $PORT`) is known only at run time, so no port is claimed for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from ...core.facts import DotenvFile, Invocation, Token
from ...core.model import ZERO_RANGE, Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import AppRun, FlaskApp
from .run_sources import RunSource, env_chain, first_value, flask_port, flaskenv_insertion, run_sources
from .services import Services, is_test_file

DEFAULT_PORT = 5000
DEFAULT_HOST = "127.0.0.1"
# Werkzeug stops with "Address already in use" (and "Port N is in use by another program"); it never moves.
WHEN_TAKEN = WhenTaken(Taken.FAILS, "Werkzeug")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    """`flask run` from every command line and terminal that starts it, and `python file.py` runners."""
    resolver = FlaskResolver(
        Services(facts, context.root),
        (f for f in facts if isinstance(f, DotenvFile)),
        context.root,
        context.environ,
    )
    claims = resolver.run_claims(f for f in facts if isinstance(f, Invocation) and f.tool == NAME)
    return claims + resolver.script_claims()


class FlaskResolver:
    def __init__(
        self,
        services: Services,
        dotenvs: Iterable[DotenvFile],
        root: str,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.services = services
        self.apps = services.apps  # the apps that are services, linked across files
        self.dotenvs = {d.path: d for d in dotenvs}
        self.root = root
        self.environ = environ or {}

    # ---- `flask run` ------------------------------------------------------------------------------

    def run_claims(self, invocations: Iterable[Invocation]) -> list[Claim]:
        """Each way of starting `flask run` is its own claim on the lines it reads: a command line or launch
        configuration, and a `flask run` typed in a terminal where a .flaskenv sits (it reads that file even
        when the launch configuration's `--port` overrides it)."""
        explicit = [i for i in invocations if i.as_script is None]
        claims: list[Claim] = []
        service_in: dict[str, str] = {}  # folder → the service an explicit `flask run` there starts
        for invocation in explicit:
            for claim in self._run_claim(invocation):
                claims.append(claim)
                service_in.setdefault(os.path.normpath(invocation.cwd), claim.service)
        seen = {(c.service, c.port, c.host, c.location) for c in claims}
        for invocation in self._implicit_runs(explicit):
            for claim in self._run_claim(invocation, service_in.get(os.path.normpath(invocation.cwd))):
                if (claim.service, claim.port, claim.host, claim.location) not in seen:
                    claims.append(claim)
        return claims

    def _implicit_runs(self, explicit: list[Invocation]) -> list[Invocation]:
        """`flask run` typed in a terminal: assumed wherever a .flaskenv sits, and from the folder of an app
        it finds by itself (app.py or wsgi.py) when nothing else starts that app."""
        runs: list[Invocation] = []
        folders = {i.cwd for i in explicit}
        for path, dotenv in self.dotenvs.items():
            folder = os.path.dirname(path)
            if os.path.basename(path) != ".flaskenv" or is_test_file(path, self.root):
                continue
            folders.add(folder)
            runs.append(self._terminal_run(folder, dotenv))
        for app in self.apps:
            folder = os.path.dirname(app.file)
            if not self.services.found_by_flask_run(app) or any(
                folder == f or folder.startswith(f + os.sep) for f in folders
            ):
                continue
            folders.add(folder)
            runs.append(self._terminal_run(folder, None, app.creation))
        return runs

    def _terminal_run(self, folder: str, dotenv: DotenvFile | None, at: Location | None = None) -> Invocation:
        if at is None:
            app = self._app_for(folder, None)
            at = app.creation if app else None
        if at is None and dotenv is not None:
            first = next(iter(dotenv.values.values()), None)
            at = first.location if first else None
        if at is None:
            at = Location(os.path.join(folder, ".flaskenv"), ZERO_RANGE)
        return Invocation(
            tool=NAME,
            file=at.file,
            location=at,
            where=f"`flask run` from {relative(folder, self.root) or '.'}",
            cwd=folder,
        )

    def _run_claim(self, invocation: Invocation, service_here: str | None = None) -> list[Claim]:
        """`service_here`: the service an explicit `flask run` from the same folder starts, the name a
        terminal `flask run` takes when it cannot tell the app itself (the same service, started another way)."""
        chain = env_chain(invocation, self.dotenvs, self.root)
        port_sources = run_sources(invocation.port, "--port", "FLASK_RUN_PORT", invocation, chain, self.environ)
        host_sources = run_sources(invocation.host, "--host", "FLASK_RUN_HOST", invocation, chain, self.environ)
        app_token = invocation.app or first_value("FLASK_APP", invocation, chain)
        app = self._app_for(invocation.cwd, app_token.text if app_token else None)
        service = self._service(app, invocation.cwd) if app is not None or service_here is None else service_here

        if invocation.port is None and {"--port", "FLASK_RUN_PORT"} & set(invocation.computed):
            return []  # the shell decides the port at run time: neither a default nor a lower source applies
        chosen = port_sources[0] if port_sources else None
        if chosen is not None and chosen.variable and chosen.text == "":
            chosen = None  # click: an empty variable is unset, and it hides the dotenv files' values
        if chosen is not None and chosen.port is None:
            return []  # click refuses it ("is not a valid integer") and Flask does not start
        port, location, origin = self._run_port(invocation, chosen)
        insertion = None
        if not port_sources:  # an unreadable port written somewhere would still win over a new one
            insertion = flaskenv_insertion(invocation.cwd, self.dotenvs, self.root)
        also_at = tuple(
            s.token.location for s in port_sources if s is not chosen and s.token is not None and s.port == port
        )
        claim = Claim(
            service,
            NAME,
            Role.LISTEN,
            next((s.text for s in host_sources), DEFAULT_HOST),
            port,
            chosen is not None,
            location,
            origin,
            also_at=also_at,
            insertion=insertion,
            names_port=chosen is None or chosen.token is not None,
            part=Part.BACKEND,
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK,  # Werkzeug binds one IPv4 address for `localhost`
            when_taken=WHEN_TAKEN,
            project=invocation.cwd,  # the folder `flask run` starts from, wherever the port is written
            together=invocation.together,
        )
        return [claim]

    def _run_port(self, invocation: Invocation, chosen: RunSource | None) -> tuple[int, Location, str]:
        """The port `flask run` takes from the source that decides it (None: Flask's default), where it is
        written and how the claim words its origin."""
        if chosen is None:
            origin = f"Flask's default port {DEFAULT_PORT} for {invocation.where} (no --port or FLASK_RUN_PORT)"
            return DEFAULT_PORT, invocation.location, origin
        location = chosen.token.location if chosen.token else invocation.location
        own = chosen.token is not None and chosen.token.location.file == invocation.file
        return chosen.port or 0, location, chosen.says if own else f"{chosen.says}, used by {invocation.where}"

    def _app_for(self, folder: str, flask_app: str | None) -> FlaskApp | None:
        """The app `flask run` would load: FLASK_APP / --app, else wsgi.py or app.py in the folder."""
        if flask_app:
            target = flask_app.split(":", 1)[0].strip()
            if target.endswith(".py"):
                candidates = [os.path.normpath(os.path.join(folder, target))]
            else:
                module = os.path.join(folder, *target.split("."))
                candidates = [module + ".py", os.path.join(module, "__init__.py")]
        else:
            candidates = [os.path.join(folder, "wsgi.py"), os.path.join(folder, "app.py")]
        for candidate in candidates:
            for app in self.apps:
                if app.file == candidate:
                    return app
        return None

    def _service(self, app: FlaskApp | None, folder: str) -> str:
        if app is not None:
            return f"flask {relative(app.file, self.root)}"
        return f"flask app in {relative(folder, self.root) or '.'}"

    # ---- `python app.py` ---------------------------------------------------------------------------

    def script_claims(self) -> list[Claim]:
        claims: list[Claim] = []
        for app in self.apps:
            for run in app.runs:
                claim = self._script_claim(app, run)
                if claim is not None:
                    claims.append(claim)
        return claims

    def _script_claim(self, app: FlaskApp, run: AppRun) -> Claim | None:
        if run.in_cli_command:
            return None  # runs under `flask <command>`, where app.run does nothing
        if not run.port_is_literal and run.port is None:
            return None  # the port is computed at run time; nothing certain to say
        file = relative(app.file, self.root)
        how = f"`python {file}`" + (" (app.run is ignored under `flask run`)" if run.runner == "app.run" else "")
        sn_host, sn_port = _server_name(app.server_name)
        if run.port is not None and flask_port(run.port.text) is not None:  # Flask.run: `int(port)`
            port, explicit, location = flask_port(run.port.text) or 0, True, run.port.location
            origin = f"{run.runner}(port={port}) in {file}, used by {how}"
            if not run.port_is_literal:  # `port=int(os.environ.get("PORT", 8000))`: the fallback
                origin = f"the fallback {port} of {run.runner}'s computed port in {file}, used by {how}"
        elif sn_port is not None and app.server_name is not None:
            port, explicit, location = sn_port, True, app.server_name.location
            origin = f"SERVER_NAME in {file}, used by {how}"
        else:
            port, explicit, location = DEFAULT_PORT, False, run.location
            origin = f"Flask's default port {DEFAULT_PORT} for {run.runner}() in {file}, used by {how}"
        host = run.host.text if run.host is not None else (sn_host or DEFAULT_HOST)
        insertion = None if explicit else run.port_insertion
        return Claim(
            self._service(app, ""),
            NAME,
            Role.LISTEN,
            host,
            port,
            explicit,
            location,
            origin,
            insertion=insertion,
            part=Part.BACKEND,
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK,  # Werkzeug binds one IPv4 address for `localhost`
            when_taken=WHEN_TAKEN,
        )


def _server_name(token: Token | None) -> tuple[str | None, int | None]:
    if token is None:
        return None, None
    host, _, port = token.text.partition(":")
    return (host or None), flask_port(port)  # Flask.run: `int(sn_port)`
