"""uvicorn and FastAPI CLI facts → claims, with their own precedence.

- `uvicorn APP`: `--port` > `UVICORN_PORT` (click's `auto_envvar_prefix`) > 8000; `--host` > `UVICORN_HOST` >
  127.0.0.1. uvicorn reads no dotenv file for these (`--env-file` is loaded for the app, after).
- `fastapi dev` / `fastapi run` (fastapi-cli): `--port` > `PORT` > 8000; `--host` > 127.0.0.1 (dev) or
  0.0.0.0 (run); no variable for the host.
- `uvicorn.run(app, host=..., port=...)` in a file run as a script: the same defaults, no environment.
Taken: uvicorn logs "[Errno 98] error while attempting to bind on address (...): address already in use" and
exits; it never moves. Port 0 asks the system for a random port: nothing to claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...core.facts import Invocation, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .cli import FASTAPI_DEV, FASTAPI_RUN, ONE_SOCKET, UVICORN
from .facts import UvicornRun

DEFAULT_PORT = 8000
DEFAULT_HOST = "127.0.0.1"
WHEN_TAKEN = WhenTaken(Taken.FAILS, "uvicorn", "error while attempting to bind on address: address already in use")
_PORT_VARIABLE = {UVICORN: "UVICORN_PORT", FASTAPI_DEV: "PORT", FASTAPI_RUN: "PORT"}  # by flavour
_HOST_VARIABLE = {UVICORN: "UVICORN_HOST"}
_DEFAULT_HOST = {FASTAPI_RUN: "0.0.0.0"}


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims: list[Claim] = []
    for fact in facts:
        if isinstance(fact, Invocation) and fact.tool == NAME:
            claims += _command_claims(fact, context)
        elif isinstance(fact, UvicornRun):
            claims += _script_claims(fact, context.root)
    return claims


def click_int(text: str) -> int | None:
    """A port as click's INT reads it (Python's `int()` of the text), when it is a TCP port."""
    try:
        port = int(text)
    except ValueError:
        return None
    return port if 0 <= port <= 65535 else None


def _command_claims(invocation: Invocation, context: ResolveContext) -> list[Claim]:
    configuration = invocation.configuration or UVICORN
    flavour, one_socket = configuration.removesuffix(ONE_SOCKET), configuration.endswith(ONE_SOCKET)
    variable = _PORT_VARIABLE.get(flavour, "UVICORN_PORT")
    if invocation.port is None and {"--port", variable} & set(invocation.computed):
        return []  # the shell decides the port at run time
    port_source = _first(invocation.port, "--port", variable, invocation, context.environ)
    host_variable = _HOST_VARIABLE.get(flavour)
    host_source = _first(invocation.host, "--host", host_variable, invocation, context.environ)
    host = host_source[1] if host_source is not None else _DEFAULT_HOST.get(flavour, DEFAULT_HOST)
    if port_source is None:
        port, explicit, location, names_port = DEFAULT_PORT, False, invocation.location, True
        origin = f"{flavour}'s default port {DEFAULT_PORT} for {invocation.where} (no --port or {variable})"
    else:
        token, text, says = port_source
        parsed = click_int(text)
        if parsed is None or parsed == 0:
            return []  # click refuses it and nothing starts; or 0: a random port
        port, explicit = parsed, True
        location, names_port = (token.location, True) if token is not None else (invocation.location, False)
        origin = says
    app = invocation.app.text if invocation.app is not None else relative(invocation.cwd, context.root) or "."
    return [
        Claim(
            f"{flavour.split()[0]} {app}",
            NAME,
            Role.LISTEN,
            host,
            port,
            explicit,
            location,
            origin,
            names_port=names_port,
            part=Part.BACKEND,
            # `--reload` (on by default under `fastapi dev`) or workers: the parent binds one IPv4 socket for a
            # name; otherwise asyncio binds every address `localhost` resolves to.
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK if one_socket else LocalhostBinds.EVERY_RESOLVED,
            when_taken=WHEN_TAKEN,
        )
    ]


def _first(
    option: Token | None, option_name: str, variable: str | None, invocation: Invocation, environ: Mapping[str, str]
) -> tuple[Token | None, str, str] | None:
    """The first source that sets a value: (its token when a file holds it, the text, where in words)."""
    if option is not None:
        return option, option.text, f"{option_name} in {invocation.where}"
    if variable is None:
        return None
    if variable in invocation.env and invocation.env[variable].text != "":
        token = invocation.env[variable]
        if variable in invocation.set_by_runner:  # honcho's PORT: no file holds it
            return None, token.text, f"{variable} {token.text}, set by the Procfile runner for {invocation.where}"
        return token, token.text, f"{variable} in the environment of {invocation.where}"
    if environ.get(variable):  # click reads an empty variable as unset
        return None, environ[variable], f"{variable} in the environment, used by {invocation.where}"
    return None


def _script_claims(run: UvicornRun, root: str) -> list[Claim]:
    if not run.port_is_literal or not run.host_is_literal:
        return []  # computed at run time: nothing certain to say
    file = relative(run.file, root)
    how = f"`python {file}`"
    location: Location = run.location
    if run.port is not None:
        port = click_int(run.port.text)
        if port is None or port == 0:
            return []
        explicit, location = True, run.port.location
        origin = f"uvicorn.run(port={port}) in {file}, used by {how}"
        if run.port_variable is not None:
            origin = f"the fallback {port} of uvicorn.run's port in {file} (unless {run.port_variable} is set)"
    else:
        port, explicit = DEFAULT_PORT, False
        origin = f"uvicorn's default port {DEFAULT_PORT} for uvicorn.run() in {file}, used by {how}"
    return [
        Claim(
            f"uvicorn {file}",
            NAME,
            Role.LISTEN,
            run.host.text if run.host is not None else DEFAULT_HOST,
            port,
            explicit,
            location,
            origin,
            part=Part.BACKEND,
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK if run.one_socket else LocalhostBinds.EVERY_RESOLVED,
            when_taken=WHEN_TAKEN,
        )
    ]
