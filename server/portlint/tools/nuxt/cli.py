"""`nuxi dev [rootDir] [--port N] [--host H]` (also `nuxt dev`), read as citty reads them."""

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


def read_nuxi_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    if not args or args[0].text != "dev":
        return None
    options = Options(list(args[1:]))
    port = host = None
    computed: list[str] = []
    while options.more():
        if (value := options.value("--port", "-p")) is not None:
            port = site.token(*value)
            computed += [] if value[1] else ["--port"]
        elif (value := options.value("--host", "-h")) is not None:
            host = site.token(*value)
        elif options.value("--dotenv", "--envName", "--cwd", "--logLevel", "--extends", "-e") is not None:
            pass
        elif (word := options.positional()) is not None and word.literal:
            cwd = os.path.normpath(os.path.join(cwd, word.text))
    return site.invocation(
        Invocation, NAME, command, cwd, port=port, host=host, env=env, computed=(*computed, *sorted(computed_env))
    )
