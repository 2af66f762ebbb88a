"""`flask [--app X] [-e FILE] run [--port N] [--host H]`, read as click reads it."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Invocation, Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import Word
from . import NAME

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite


_FLASK_RUN_VALUE_OPTIONS = frozenset({"--cert", "--key", "--extra-files", "--exclude-patterns"})


def read_flask_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """`flask [--app X] [-e FILE] run [--port N] [--host H]`, read as click reads it (`--port=N`, `-pN`
    too). `--app` and `--env-file` belong to the group, before `run`; None when the command is no `run`.
    `computed_env`: variables the shell sets to values only run time knows."""
    options = Options(list(args))
    app: Token | None = None
    env_files: list[str] = []
    while options.more():
        if (value := options.value("--app", "-A")) is not None:
            app = site.token(*value)
        elif (value := options.value("--env-file", "-e")) is not None:
            if value[1]:
                env_files.append(os.path.normpath(os.path.join(cwd, value[0].text)))
        elif options.peek() in ("--debug", "--no-debug"):
            options.skip()
        else:
            break
    if options.positional() is None or options.last_text != "run":
        return None
    port = host = None
    computed: dict[str, bool] = {}  # option → its (last) value is computed by the shell
    while options.more():
        if (value := options.value("--port", "-p")) is not None:
            port, computed["--port"] = site.token(*value), not value[1]
        elif (value := options.value("--host", "-h")) is not None:
            host, computed["--host"] = site.token(*value), not value[1]
        elif options.value(*_FLASK_RUN_VALUE_OPTIONS) is None:
            options.skip()
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        env_files=tuple(env_files),
        app=app,
        computed=tuple(option for option, by_shell in computed.items() if by_shell) + tuple(sorted(computed_env)),
    )
