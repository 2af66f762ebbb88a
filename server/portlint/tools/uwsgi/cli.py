"""`uwsgi [--ini FILE | FILE.ini] [--http ADDR] [--socket ADDR] ...`: its sockets, and the ini file it loads."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Address, Invocation, Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import MappedText, Word
from . import NAME
from .sockets import SOCKET_OPTIONS, address

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

_OPTIONS = (*(f"--{name}" for name in SOCKET_OPTIONS), "-s")


def read_uwsgi_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    options = Options(list(args))
    binds: list[Address] = []
    ini: str | None = None
    computed: set[str] = set()
    while options.more():
        if (value := options.value(*_OPTIONS)) is not None:
            bind = _address(site, value[0]) if value[1] else None
            if bind is None:
                computed.add("--socket")
            elif bind.tcp:
                binds.append(bind)
        elif (value := options.value("--ini")) is not None:
            ini = os.path.normpath(os.path.join(cwd, value[0].text.split(":", 1)[0])) if value[1] else None
        elif (word := options.positional()) is not None and word.text.endswith(".ini") and word.literal:
            ini = os.path.normpath(os.path.join(cwd, word.text))
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        env=env,
        binds=tuple(binds),
        config_file=ini,
        computed=tuple(sorted(computed)) + tuple(sorted(computed_env)),
    )


def _address(site: CommandSite, value: MappedText) -> Address | None:
    written = site.token(value)
    return address(written, lambda span: site.token(value.slice(*span))) if written is not None else None
