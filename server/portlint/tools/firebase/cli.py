"""`firebase emulators:start`, `emulators:exec` and `firebase serve`, read as firebase-tools reads them."""

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


def read_firebase_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """`firebase emulators:start` / `emulators:exec` (ports from firebase.json), `firebase serve -p N`."""
    subcommand = next((i for i, a in enumerate(args) if not a.text.startswith("-")), None)
    if subcommand is None or args[subcommand].text not in ("emulators:start", "emulators:exec", "serve"):
        return None
    options = Options(list(args[subcommand + 1 :]) if args[subcommand].text == "serve" else [])
    port = host = None
    while options.more():
        if (value := options.value("--port", "-p")) is not None:
            port = site.token(*value)
        elif (value := options.value("--host", "-o")) is not None:
            host = site.token(*value)
        else:
            options.skip()
    return site.invocation(Invocation, NAME, command, cwd, port=port, host=host, env=env)
