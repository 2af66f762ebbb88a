"""`ng serve`, `ng s` and `ng run project:serve[:configuration]`, read as the Angular CLI reads them."""

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


_NG_VALUE_OPTIONS = frozenset(
    {
        "--port",
        "--host",
        "--configuration",
        "-c",
        "--project",
        "--proxy-config",
        "--ssl-key",
        "--ssl-cert",
        "--public-host",
        "--serve-path",
        "--allowed-hosts",
        "--build-target",
        "--browser-target",
        "--poll",
        "--inspect",
    }
)


def read_ng_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """`ng serve [project] [options]`, `ng s`, `ng run project:serve[:configuration]`."""
    if not args or args[0].text not in ("serve", "s", "run"):
        return None
    app: Token | None = None
    configuration: str | None = None
    rest = args[1:]
    if args[0].text == "run":
        if not rest or rest[0].text.count(":") < 1 or rest[0].text.split(":")[1] != "serve":
            return None
        target, rest = rest[0], rest[1:]
        project, _, config = target.text.partition(":serve")
        app = site.token(target.slice(0, len(project)), target.literal)
        configuration = config[1:] if config.startswith(":") and target.literal else None
    options = Options(list(rest))
    port = host = None
    while options.more():
        if (value := options.value("--port")) is not None:
            port = site.token(*value)
        elif (value := options.value("--host")) is not None:
            host = site.token(*value)
        elif (value := options.value("--project")) is not None:
            app = site.token(*value)
        elif (value := options.value("--configuration", "-c")) is not None:
            configuration = value[0].text if value[1] else None
        elif (value := options.value(*_NG_VALUE_OPTIONS)) is not None:
            pass
        elif (word := options.positional()) is not None:
            app = app or site.token(word, word.literal)
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        app=app,
        configuration=configuration,
    )
