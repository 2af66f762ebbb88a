"""`waitress-serve [--host=H] [--port=N] [--listen=H:P]... [--unix-socket=PATH] MODULE:APP`, read as its getopt
reads long options (`--port 8080` and `--port=8080`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import partial
from typing import TYPE_CHECKING

from ...core.facts import Address, Invocation, Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import MappedText, Word
from . import NAME
from .listen import split_listen

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite


def _part(site: CommandSite, value: MappedText, start: int, end: int) -> Token | None:
    return site.token(value.slice(start, end))


def read_waitress_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    options = Options(list(args))
    port = host = app = None
    listens: list[Address] = []
    computed: set[str] = set()
    while options.more():
        if (value := options.value("--port")) is not None:
            port = site.token(*value)
            computed.update({"--port"} if port is None else set())
        elif (value := options.value("--host")) is not None:
            host = site.token(*value)
        elif (value := options.value("--listen")) is not None:
            listen = site.token(*value)
            if listen is None:
                computed.add("--listen")
            else:
                listens += split_listen(listen, partial(_part, site, value[0]))
        elif options.value("--unix-socket") is not None:
            return None
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
        binds=tuple(listens),
        computed=tuple(sorted(computed)) + tuple(sorted(computed_env)),
    )
