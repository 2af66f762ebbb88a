"""`webpack serve|server|s [--config FILE]... [--port N] [--host H]` and `webpack-dev-server [...]` (which
runs `webpack serve`), read as webpack-cli reads them."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import Word
from . import NAME
from .facts import WebpackInvocation

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

_SERVE = ("serve", "server", "s")
_VALUE_OPTIONS = ("--mode", "--env", "--config-name", "--entry", "--output-path", "-o", "--name", "--static")


def read_webpack_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> WebpackInvocation | None:
    if not args or args[0].text not in _SERVE:
        return None  # `webpack` alone builds
    return read_webpack_dev_server_args(args[1:], site, command, cwd, env, computed_env)


def read_webpack_dev_server_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> WebpackInvocation:
    options = Options(list(args))
    port = host = None
    configs: list[str] = []
    computed: list[str] = []
    while options.more():
        if (value := options.value("--port")) is not None:
            port = site.token(*value)
            computed += [] if value[1] else ["--port"]
        elif (value := options.value("--host")) is not None:
            host = site.token(*value)
        elif (value := options.value("--config", "-c")) is not None:
            if value[1]:
                configs.append(os.path.normpath(os.path.join(cwd, value[0].text)))
        elif options.value(*_VALUE_OPTIONS) is None:
            options.skip()
    return site.invocation(
        WebpackInvocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        computed=(*computed, *sorted(computed_env)),
        config_files=tuple(configs),
    )
