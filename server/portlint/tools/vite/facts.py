"""What a vite.config.* says, before precedence: the dev server's and the preview server's options."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Invocation, Token
from ...core.model import Insertion, Location, TextEdit
from ...readers.proxy_targets import ProxyTarget


class ViteOptions(Struct, frozen=True):
    """`server: {...}` or `preview: {...}` of a Vite config."""

    port: Token | None = None
    host: Token | None = None  # a string as written; `true` / `false` as those words
    strict_port: Token | None = None  # "true" / "false"
    computed: tuple[str, ...] = ()  # the options set to values only run time knows ("port", "host", ...)
    key: Location | None = None  # the `server` / `preview` key
    port_insertion: Insertion | None = None  # where `port: N` goes when none is written
    strict_pin: TextEdit | None = None  # `strictPort: true` written in (or over a `false`)


class ViteConfig(Struct, frozen=True):
    """One vite.config.{js,mjs,ts,cjs,mts,cts}: Vite reads the one in its root folder."""

    file: str
    anchor: Location  # where a default is shown when there is no `server` key: the config object's `{`
    server: ViteOptions
    preview: ViteOptions
    proxies: tuple[ProxyTarget, ...] = ()  # server.proxy (the preview server inherits it)


class ViteInvocation(Invocation, frozen=True):
    """A `vite` command line, with the switches that matter to its port."""

    strict_port: bool = False  # `--strictPort`
    other_config: bool = False  # `--config FILE`: not the vite.config.* of its root, whose options do not apply
    # How the port is written where the command is: `--port` on a command line; an Nx target's `port`
    # option (no `--strictPort` can be appended there).
    port_option: str = "--port"
