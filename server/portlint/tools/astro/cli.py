"""`astro dev [--port N] [--host [H]] [--root DIR]` (also `astro preview`), read as Astro's CLI reads them."""

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


def read_astro_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    if not args or args[0].text not in ("dev", "start", "preview"):
        return None
    words = list(args[1:])
    options = Options(words)
    port = host = None
    computed: list[str] = []
    while options.more():
        word = options.peek() or ""
        if word == "--host" and (options.i + 1 >= len(words) or words[options.i + 1].text.startswith("-")):
            options.skip()
            host = Token("true", site.location(words[options.i - 1]))
        elif (value := options.value("--port")) is not None:
            port = site.token(*value)
            computed += [] if value[1] else ["--port"]
        elif (value := options.value("--host")) is not None:
            host = site.token(*value)
        elif (value := options.value("--root")) is not None:
            if value[1]:
                cwd = os.path.normpath(os.path.join(cwd, value[0].text))
        else:
            options.skip()
    mode = "preview" if args[0].text == "preview" else None
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        configuration=mode,
        computed=(*computed, *sorted(computed_env)),
    )
