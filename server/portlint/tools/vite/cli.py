"""`vite [dev|serve] [root] [--port N] [--host [H]] [--strictPort]`, `vite preview`, and the old
`svelte-kit dev|preview`, read as Vite's CLI (cac) reads them."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import Word
from . import NAME
from .facts import ViteInvocation

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

DEV_COMMANDS = frozenset({"dev", "serve"})
PREVIEW = "preview"
STRICT_PORT = "--strictPort"
# Options that take a value (the next word), besides --port and --host.
_VALUE_OPTIONS = ("--config", "-c", "--base", "--logLevel", "-l", "--configLoader", "--mode", "-m", "--filter", "-f")
# Options whose value is optional: `--open` alone or `--open /path`.
_OPTIONAL_VALUE = ("--open", "--profile", "--debug", "-d")
# cac declares these as switches; any other option (even an unknown one, as mri reads `-p 3000`) takes the
# next word as its value when that word is no option.
_SWITCHES = frozenset({"--strictPort", "--strict-port", "--cors", "--force", "--clearScreen", "--bypass-lock"})


def read_vite_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> ViteInvocation | None:
    """`vite`, `vite dev`, `vite serve`, `vite preview` (not `vite build` / `vite optimize`). The root
    folder (a positional word) is where Vite looks for its config; `configuration` is "preview" for the
    preview server."""
    words = list(args)
    mode: str | None = None
    if words and not words[0].text.startswith("-"):
        if words[0].text in DEV_COMMANDS or words[0].text == PREVIEW:
            mode = PREVIEW if words[0].text == PREVIEW else None
            words = words[1:]
        elif words[0].text in ("build", "optimize"):
            return None
    return _read(words, mode, site, command, cwd, env, computed_env, short=False)


def read_svelte_kit_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> ViteInvocation | None:
    """SvelteKit's old CLI (before 1.0), `svelte-kit dev|preview [--port N] [--host]`, ran Vite."""
    if not args or args[0].text not in ("dev", PREVIEW):
        return None
    mode = PREVIEW if args[0].text == PREVIEW else None
    return _read(list(args[1:]), mode, site, command, cwd, env, computed_env, short=True)


def _read(
    words: list[Word],
    mode: str | None,
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str],
    *,
    short: bool,
) -> ViteInvocation:
    """`short`: `-p` / `-H` mean --port / --host (SvelteKit's CLI); Vite's cac ignores unknown `-p`."""
    port_names = ("--port", "-p") if short else ("--port",)
    host_names = ("--host", "-H") if short else ("--host",)
    options = Options(words)
    port = host = root = None
    strict_port = other_config = False
    computed: list[str] = []
    while options.more():
        word = options.peek() or ""
        if word in host_names and not _has_value(options):
            options.skip()
            host = Token("true", site.location(words[options.i - 1]))
        elif word in _OPTIONAL_VALUE and not _has_value(options):
            options.skip()
        elif (value := options.value(*port_names)) is not None:
            port = site.token(*value)
            computed += [] if value[1] else ["--port"]
        elif (value := options.value(*host_names)) is not None:
            host = site.token(*value)
            computed += [] if value[1] else ["--host"]
        elif word.split("=")[0] in (STRICT_PORT, "--strict-port"):
            options.skip()
            strict_port = not word.endswith("=false")
        elif options.value("--config", "-c") is not None:
            other_config = True
        elif options.value(*_VALUE_OPTIONS, *_OPTIONAL_VALUE) is not None:
            pass
        elif word.startswith("-") and word != "--":
            options.skip()
            takes_value = "=" not in word and word not in _SWITCHES and not word.startswith("--experimental")
            if takes_value and _has_value_at(options, options.i - 1):
                options.skip()
        elif (positional := options.positional()) is not None and root is None:
            root = site.token(positional, positional.literal)
    if root is not None:
        cwd = os.path.normpath(os.path.join(cwd, root.text))
    return site.invocation(
        ViteInvocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        app=root,
        configuration=mode,
        computed=(*computed, *sorted(computed_env)),
        strict_port=strict_port,
        other_config=other_config,
    )


def _has_value(options: Options) -> bool:
    """Whether the option at this point is followed by a value (a word that is no option)."""
    return _has_value_at(options, options.i)


def _has_value_at(options: Options, index: int) -> bool:
    following = options.words[index + 1].text if index + 1 < len(options.words) else None
    return following is not None and not following.startswith("-")
