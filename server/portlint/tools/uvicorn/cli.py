"""`uvicorn APP [--host H] [--port N]` and `fastapi dev|run [PATH] [--host H] [--port N]`, read as click reads
them. Which command it was travels in `Invocation.configuration` ("uvicorn", "fastapi dev", "fastapi run"):
their defaults and environment variables differ."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Invocation, Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import Word
from . import NAME

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

UVICORN = "uvicorn"
FASTAPI_DEV = "fastapi dev"
FASTAPI_RUN = "fastapi run"
# Appended to the flavour when the parent process binds one socket for reloading or worker processes (`--reload`,
# `--workers N`, `fastapi dev`): it is of one family, so `localhost` is 127.0.0.1 only.
ONE_SOCKET = " --reload"
# Options that make uvicorn bind no TCP port of its own (a UNIX socket, an inherited descriptor).
NO_TCP_PORT = ("--uds", "--fd")
# Options that take a value, so the value is not taken for the app (`--workers 4 main:app`).
_VALUE_OPTIONS = (
    "--app",
    "--app-dir",
    "--backlog",
    "--entrypoint",
    "--env-file",
    "--factory-name",
    "--forwarded-allow-ips",
    "--header",
    "--http",
    "--interface",
    "--lifespan",
    "--limit-concurrency",
    "--limit-max-requests",
    "--log-config",
    "--log-level",
    "--loop",
    "--reload-delay",
    "--reload-dir",
    "--reload-exclude",
    "--reload-include",
    "--root-path",
    "--ssl-certfile",
    "--ssl-keyfile",
    "--timeout-graceful-shutdown",
    "--timeout-keep-alive",
    "--workers",
    "--ws",
    "--ws-max-size",
)


def read_uvicorn_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """`uvicorn main:app --port 8001 --host 0.0.0.0` (`--port=N` too)."""
    return _read(Options(list(args)), UVICORN, site, command, cwd, env, computed_env)


def read_fastapi_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """`fastapi dev main.py --port 8001`; None for another subcommand (`fastapi deploy`)."""
    options = Options(list(args))
    while options.more() and options.positional() is None:
        pass
    if options.last_text not in ("dev", "run"):
        return None
    return _read(options, f"fastapi {options.last_text}", site, command, cwd, env, computed_env)


def _read(
    options: Options,
    flavour: str,
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str],
) -> Invocation | None:
    port = host = app = None
    computed: dict[str, bool] = {}  # option → its (last) value is computed by the shell
    one_socket = flavour == FASTAPI_DEV
    while options.more():
        if options.peek() in ("--reload", "--no-reload"):
            one_socket = options.peek() == "--reload"
            options.skip()
        elif (value := options.value("--workers")) is not None:
            one_socket = one_socket or not value[1] or value[0].text != "1"
        elif (value := options.value("--port")) is not None:
            port, computed["--port"] = site.token(*value), not value[1]
        elif (value := options.value("--host")) is not None:
            host, computed["--host"] = site.token(*value), not value[1]
        elif options.value(*NO_TCP_PORT) is not None:
            return None
        elif options.value(*_VALUE_OPTIONS) is not None:
            continue
        elif (word := options.positional()) is not None and app is None:
            app = site.token(word, word.literal)
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        app=app,
        configuration=flavour + (ONE_SOCKET if one_socket else ""),
        computed=tuple(option for option, by_shell in computed.items() if by_shell) + tuple(sorted(computed_env)),
    )
