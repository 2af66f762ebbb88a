"""webpack configs' `devServer` and `webpack serve` command lines → claims, as webpack-dev-server 5/6 does.

Port: `--port` > `devServer.port` > the first free port from 8080 (`WEBPACK_DEV_SERVER_BASE_PORT`)
upward; `"auto"` is the same search. A written port is fixed (a taken one stops the server with
EADDRINUSE); the searched one moves. Host: `--host` > `devServer.host` > none (every address, `::`).
Each `devServer.proxy` target is a connect claim. webpack-cli's default config is `webpack.config.*` in the
working folder. An Nx `@nx/webpack:dev-server` target passes its `port` (default 4200) and `host` (default
`localhost`) unless the project's webpack config has its own `devServer`, which wins.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Pin, Role, Taken, TextEdit, WhenTaken
from ...core.paths import relative
from ...readers.proxy_targets import ProxyTarget, proxy_claim
from ..base import ResolveContext
from . import NAME
from .facts import WebpackDevServer, WebpackInvocation

DEFAULT_BASE_PORT = 8080
EVERY_ADDRESS = "::"
MOVES = WhenTaken(Taken.MOVES_UP, "webpack-dev-server", "searches upward from N for a free port")
FIXED = WhenTaken(Taken.FAILS, "webpack-dev-server", "Error: listen EADDRINUSE: address already in use :::N")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    servers = [f for f in facts if isinstance(f, WebpackDevServer)]
    base = _base_port(context)
    claims: list[Claim] = []
    for each in servers:
        claims += _claims(each, None, base, context.root)
        claims += [_proxy(target, context.root) for target in each.proxies]
    for invocation in (f for f in facts if isinstance(f, WebpackInvocation)):
        server = _config_of(invocation, servers)
        if server is not None and invocation.passed_default is not None:
            continue  # an Nx target: the config's own devServer wins, claimed above
        if server is not None and invocation.port is None and invocation.host is None and not invocation.computed:
            continue  # the same as the config's own claim
        claims += _claims(server, invocation, base, context.root)
    return claims


def _base_port(context: ResolveContext) -> int:
    text = context.environ.get("WEBPACK_DEV_SERVER_BASE_PORT", "")
    return int(text) if text.isdigit() and 1024 <= int(text) <= 65535 else DEFAULT_BASE_PORT


def _config_of(invocation: WebpackInvocation, servers: list[WebpackDevServer]) -> WebpackDevServer | None:
    if invocation.config_files:
        return next((s for s in servers if s.file in invocation.config_files), None)
    return next(
        (
            s
            for s in servers
            if os.path.dirname(s.file) == invocation.cwd and os.path.basename(s.file).startswith("webpack.config.")
        ),
        None,
    )


def _claims(server: WebpackDevServer | None, invocation: WebpackInvocation | None, base: int, root: str) -> list[Claim]:
    if invocation is not None and "--port" in invocation.computed:
        return []
    if server is not None and "port" in server.computed and (invocation is None or invocation.port is None):
        return []
    cli_port = invocation.port if invocation is not None and invocation.port is not None else None
    if cli_port is None and invocation is not None and invocation.passed_default is not None:
        return [_passed_default(invocation, invocation.passed_default, root)]
    config_port = server.port if server is not None else None
    token: Token | None = next((t for t in (cli_port, config_port) if t is not None and t.text != "auto"), None)
    config_name = relative(server.file, root) if server is not None else ""
    how = f", used by {invocation.where}" if invocation is not None else ""
    pin = None
    if token is not None and token.as_port() is not None:
        port, explicit, location = token.as_port() or 0, True, token.location
        origin = (
            f"{invocation.port_option} in {invocation.where}"
            if token is cli_port and invocation
            else f"devServer.port in {config_name}{how}"
        )
    else:
        port, explicit = base, False
        location = _default_location(server, invocation)
        unset = f"no devServer.port in {config_name}" if server is not None else "no devServer.port"
        origin = f"webpack-dev-server's first free port from {base} ({unset}){how}"
        pin = _pin(server, port, config_name)
    host_token = (invocation.host if invocation is not None else None) or (server.host if server else None)
    folder = os.path.dirname(server.file) if server is not None else (invocation.cwd if invocation else root)
    where = relative(folder, root)
    return [
        Claim(
            service="webpack-dev-server" if where == "." else f"webpack-dev-server ({where})",
            tool=NAME,
            role=Role.LISTEN,
            host=host_token.text if host_token is not None else EVERY_ADDRESS,
            port=port,
            explicit=explicit,
            location=location,
            origin=origin,
            part=Part.FRONTEND,
            localhost_binds=LocalhostBinds.FIRST_RESOLVED,
            when_taken=FIXED if explicit else MOVES,
            insertion=server.port_insertion if server is not None and not explicit else None,
            pin=pin,
        )
    ]


def _passed_default(invocation: WebpackInvocation, port: int, root: str) -> Claim:
    """Nx's executor passes its default port as webpack-dev-server's `port`: fixed, and written nowhere."""
    where = relative(invocation.cwd, root)
    return Claim(
        service="webpack-dev-server" if where == "." else f"webpack-dev-server ({where})",
        tool=NAME,
        role=Role.LISTEN,
        host=invocation.host.text if invocation.host is not None else EVERY_ADDRESS,
        port=port,
        explicit=True,
        location=invocation.location,
        origin=f"{invocation.where}'s default port {port}, passed to webpack-dev-server (no port written)",
        part=Part.FRONTEND,
        localhost_binds=LocalhostBinds.FIRST_RESOLVED,
        when_taken=FIXED,
        names_port=False,
    )


def _default_location(server: WebpackDevServer | None, invocation: WebpackInvocation | None) -> Location:
    if invocation is not None:
        return invocation.location
    assert server is not None
    return server.key


def _pin(server: WebpackDevServer | None, port: int, config_name: str) -> Pin | None:
    """A written `devServer.port` is fixed: webpack-dev-server then fails on a taken port instead."""
    if server is None or server.port_insertion is None:
        return None
    place = server.port_insertion
    edit = TextEdit(place.location.file, place.location.range, place.text(port), place.create_file)
    return Pin(f"Set devServer.port: {port} in {config_name}", (edit,))


def _proxy(target: ProxyTarget, root: str) -> Claim:
    where = relative(target.file, root)
    return proxy_claim(
        target,
        f"webpack-dev-server proxy {target.context} ({where})",
        NAME,
        f'proxy target of "{target.context}" in {where}',
    )
