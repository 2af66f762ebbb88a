"""`next [dev|start] [dir] [-p|--port N] [-H|--hostname H]`, read as Next's CLI (commander) reads them."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Token
from ...core.model import Location, Range
from ...readers.options import Options
from ...readers.shell_words import Word
from . import NAME
from .facts import NextInvocation

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

_COMMANDS = ("dev", "start")
_OTHER_COMMANDS = ("build", "export", "lint", "info", "telemetry", "typegen", "experimental-test")
_VALUE_OPTIONS = (
    "--experimental-https-key",
    "--experimental-https-cert",
    "--experimental-https-ca",
    "--keepAliveTimeout",
)


def read_next_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> NextInvocation | None:
    words = list(args)
    mode = "dev"  # `next` alone runs the dev server
    after: Word | Location = command
    if words and words[0].text in _OTHER_COMMANDS:
        return None
    if words and words[0].text in _COMMANDS:
        mode, after, words = words[0].text, words[0], words[1:]
    options = Options(words)
    port = host = None
    computed: list[str] = []
    while options.more():
        if (value := options.value("--port", "-p")) is not None:
            port = site.token(*value)
            computed += [] if value[1] else ["--port"]
        elif (value := options.value("--hostname", "-H")) is not None:
            host = site.token(*value)
        elif options.value(*_VALUE_OPTIONS) is not None:
            pass
        elif (word := options.positional()) is not None and word.literal:
            cwd = os.path.normpath(os.path.join(cwd, word.text))  # the project folder
    end = after if isinstance(after, Location) else site.location(after)
    return site.invocation(
        NextInvocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        configuration=mode,
        computed=(*computed, *sorted(computed_env)),
        pin_at=Location(end.file, Range(end.range.end, end.range.end)),
    )
