"""`react-scripts start` (and `craco start`, `react-app-rewired start`): no port option, only the
environment."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Invocation, Token
from ...core.model import Location
from ...readers.shell_words import Word
from . import NAME

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite


def read_react_scripts_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    if not args or args[0].text != "start":
        return None
    return site.invocation(Invocation, NAME, command, cwd, env=env, computed=tuple(sorted(computed_env)))
