"""`node [options] script [args]`, `nodemon script`, `tsx [watch] script`, `ts-node script`: the script a
command runs, the env files Node loads itself (`--env-file`), and `-r dotenv/config`."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import Word
from . import NAME
from .entry import script_reference
from .facts import NodeInvocation

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

_PRELOAD = ("--require", "-r", "--import")
_ENV_FILE = ("--env-file", "--env-file-if-exists")
# Options that take the next word as their value (node's, nodemon's).
_VALUE_OPTIONS = ("--watch-path", "--exec", "-x", "--ext", "-e", "--ignore", "-i", "--delay", "--config", "-w")


def read_node_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> NodeInvocation | None:
    """The script the command runs; None when there is none to follow (`node -e`, `node .`, a REPL)."""
    options = Options(list(args))
    env_files: list[str] = []
    preloads_dotenv = False
    script: Word | None = None
    while options.more() and script is None:
        if options.peek() in ("-e", "--eval", "-p", "--print"):
            return None
        if (value := options.value(*_PRELOAD)) is not None:
            preloads_dotenv = preloads_dotenv or value[0].text.startswith("dotenv/config")
        elif (value := options.value(*_ENV_FILE)) is not None:
            if value[1]:
                env_files.append(os.path.normpath(os.path.join(cwd, value[0].text)))
        elif options.value(*_VALUE_OPTIONS) is not None:
            pass
        elif _program(command) == "nodemon" and options.value("--watch") is not None:
            pass  # nodemon's `--watch DIR`; node's own `--watch` is a switch
        elif (word := options.positional()) is not None:
            if word.text == "watch" and _program(command) == "tsx":
                continue  # `tsx watch server.ts`
            script = word
    if script is None or not script.literal or script.text in (".", ".."):
        return None  # `node .` runs package.json's "main": not followed
    as_script = os.path.normpath(os.path.join(cwd, script.text))
    return site.invocation(
        NodeInvocation,
        NAME,
        command,
        cwd,
        env=env,
        env_files=tuple(env_files),
        as_script=as_script,
        computed=tuple(sorted(computed_env)),
        preloads_dotenv=preloads_dotenv,
        references=(script_reference(site.source.path, as_script, site.location(script)),),
    )


def _program(command: Word | Location) -> str:
    if isinstance(command, Location):
        return ""
    return command.text.replace("\\", "/").rsplit("/", 1)[-1]
