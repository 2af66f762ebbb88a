"""A `next dev` / `next start` command line."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Invocation
from ...core.model import Location
from ...readers.proxy_targets import ProxyTarget


class NextInvocation(Invocation, frozen=True):
    """`configuration` is "dev" or "start"; `pin_at` is where ` -p N` goes (after the command word)."""

    pin_at: Location | None = None
    port_option: str = "-p"  # how the port is written where the command is (an Nx target's option: "port")
    # The port a runner passes as `--port` when none is written (Nx's `@nx/next:server`: its schema's 4200).
    passed_default: int | None = None


class NextConfig(Struct, frozen=True):
    """A next.config.{js,mjs,ts}: the rewrites whose destination is another server (Next proxies to it)."""

    file: str
    rewrites: tuple[ProxyTarget, ...] = ()
