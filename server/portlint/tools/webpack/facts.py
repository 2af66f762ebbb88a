"""What a webpack config and a `webpack serve` command line say about the dev server, before precedence."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Invocation, Token
from ...core.model import Insertion, Location
from ...readers.proxy_targets import ProxyTarget


class WebpackDevServer(Struct, frozen=True):
    """The `devServer` block of a webpack config (the first configuration that has one)."""

    file: str
    key: Location  # the `devServer` key
    port: Token | None  # a number, a numeric string, or "auto"
    host: Token | None
    computed: tuple[str, ...] = ()  # options set to values only run time knows
    port_insertion: Insertion | None = None  # where `port: N` goes when none is written
    proxies: tuple[ProxyTarget, ...] = ()


class WebpackInvocation(Invocation, frozen=True):
    """`webpack serve [--config FILE] [--port N] [--host H]`."""

    config_files: tuple[str, ...] = ()  # absolute; empty: webpack-cli's default lookup in `cwd`
    port_option: str = "--port"  # how the port is written where the command is (an Nx target's option: "port")
    # Nx's `@nx/webpack:dev-server`: the port it passes when none is written (its schema's 4200), and the
    # config's own `devServer` wins over the target's options (`config.devServer ??= options`).
    passed_default: int | None = None
