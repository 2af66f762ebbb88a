"""`gunicorn [-c CONFIG] [-b ADDRESS]... APP`, read as gunicorn's argparse reads it (`--bind=A`, `-bA` too)."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Address, Invocation, Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import MappedText, Word
from . import NAME
from .address import address

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

# Options that take a value, so the value is not taken for the app (`-w 4 app:app`).
VALUE_OPTIONS = (
    "-w", "--workers", "-k", "--worker-class", "-t", "--timeout", "--graceful-timeout", "--keep-alive",
    "--threads", "--worker-connections", "--max-requests", "--max-requests-jitter", "--log-level",
    "--access-logfile", "--error-logfile", "--log-file", "--access-logformat", "--log-config", "-e", "--env",
    "-p", "--pid", "-u", "--user", "-g", "--group", "-m", "--umask", "-n", "--name", "--pythonpath",
    "--paste", "--certfile", "--keyfile", "--forwarded-allow-ips", "--backlog", "--statsd-host",
    "--worker-tmp-dir", "--limit-request-line", "--limit-request-fields", "--limit-request-field_size",
)  # fmt: skip


def read_gunicorn_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    options = Options(list(args))
    binds: list[Address] = []
    config: str | None = None
    app: Token | None = None
    computed: set[str] = set()
    while options.more():
        if (value := options.value("-b", "--bind")) is not None:
            if not value[1]:
                computed.add("--bind")
            elif (bind := _address(site, value[0])) is not None:
                binds.append(bind)
        elif (value := options.value("-c", "--config")) is not None:
            config = _config_path(value[0].text, cwd) if value[1] else None
            if config is None:  # `-c $CONF`, or `python:MODULE`: a config portlint cannot read
                computed.add("--config")
        elif (value := options.value("--chdir")) is not None:
            if value[1]:
                cwd = os.path.normpath(os.path.join(cwd, value[0].text))
        elif options.value(*VALUE_OPTIONS) is not None:
            continue
        elif (word := options.positional()) is not None and app is None:
            app = site.token(word, word.literal)
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        env=env,
        app=app,
        binds=tuple(binds),
        config_file=config,
        computed=tuple(sorted(computed)) + tuple(sorted(computed_env)),
    )


def _address(site: CommandSite, value: MappedText) -> Address | None:
    written = site.token(value)
    if written is None:
        return None
    return address(written, lambda span: site.token(value.slice(*span)))


def _config_path(text: str, cwd: str) -> str | None:
    """The file `-c` names: `PATH` or `file:PATH`; None for `python:MODULE` (a module, not a file)."""
    if text.startswith("python:"):
        return None
    path = text[len("file:") :] if text.startswith("file:") else text
    return os.path.normpath(os.path.join(cwd, path))
