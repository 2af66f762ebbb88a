"""nuxt.config.* and `nuxi dev` → claims, as @nuxt/cli 3 resolves them (`resolveListenOverrides`:
`--port || NUXT_PORT || NITRO_PORT || PORT`, then `devServer.port`, default 3000; host likewise with
`NUXT_HOST || NITRO_HOST || HOST`). listhen takes another free port when the port is taken (first in
3000–3100, then any), whatever set it: a Nuxt dev server always may move, and has no switch to forbid it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import Invocation, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import NuxtConfig

DEFAULT_PORT = 3000
DEFAULT_HOST = "localhost"
PORT_VARIABLES = ("NUXT_PORT", "NITRO_PORT", "PORT")
HOST_VARIABLES = ("NUXT_HOST", "NITRO_HOST", "HOST")
MOVES = WhenTaken(Taken.MOVES_UP, "nuxi dev (listhen)", "takes another free port, first in 3000-3100")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    configs = [f for f in facts if isinstance(f, NuxtConfig)]
    claims: list[Claim] = []
    invocations = [f for f in facts if isinstance(f, Invocation) and f.tool == NAME]
    folders = {i.cwd for i in invocations}
    for config in configs:
        if os.path.dirname(config.file) not in folders:  # `nuxi dev` typed in a terminal
            claim = _claim(config, None, context)
            claims += [claim] if claim is not None else []
    for invocation in invocations:
        found: NuxtConfig | None = next((c for c in configs if os.path.dirname(c.file) == invocation.cwd), None)
        claim = _claim(found, invocation, context)
        claims += [claim] if claim is not None else []
    return claims


def _claim(config: NuxtConfig | None, invocation: Invocation | None, context: ResolveContext) -> Claim | None:
    at = _anchor(config, invocation)
    found = _first(invocation, context, "--port", invocation.port if invocation else None, PORT_VARIABLES, at)
    if found == "computed":
        return None
    if found is None and config is not None and config.port is not None:
        found = (config.port, f"devServer.port in {relative(config.file, context.root)}", True)
    elif found is None and config is not None and config.computed:
        return None
    location: Location
    if isinstance(found, tuple):
        token, origin, names_port = found
        port, explicit = token.as_port(), True
        location = token.location if names_port else at
    else:
        port, explicit, names_port, origin = DEFAULT_PORT, False, True, f"Nuxt default port {DEFAULT_PORT}"
        location = at
    if port is None:
        return None
    host_found = _first(invocation, context, "--host", invocation.host if invocation else None, HOST_VARIABLES, at)
    host = DEFAULT_HOST
    if isinstance(host_found, tuple):
        host = host_found[0].text
    elif config is not None and config.host is not None:
        host = config.host.text
    folder = relative(os.path.dirname(config.file) if config else invocation.cwd if invocation else "", context.root)
    how = f", used by {invocation.where}" if invocation is not None else ""
    return Claim(
        service="nuxt dev server" if folder == "." else f"nuxt dev server ({folder})",
        tool=NAME,
        role=Role.LISTEN,
        host=host,
        port=port,
        explicit=explicit,
        location=location,
        origin=f"{origin}{how}",
        part=Part.FRONTEND,
        localhost_binds=LocalhostBinds.FIRST_RESOLVED,
        when_taken=MOVES,
        names_port=names_port,
    )


def _first(
    invocation: Invocation | None,
    context: ResolveContext,
    option: str,
    token: Token | None,
    variables: tuple[str, ...],
    at: Location,
) -> tuple[Token, str, bool] | str | None:
    """The option, else the first variable set (the command's own environment, then the real one)."""
    if invocation is not None:
        if option in invocation.computed:
            return "computed"
        if token is not None:
            return token, f"{option} in {invocation.where}", True
    for name in variables:
        if invocation is not None and name in invocation.computed:
            return "computed"
        if invocation is not None and name in invocation.env:
            return invocation.env[name], f"{name} set in {invocation.where}", True
        if name in context.environ:
            return Token(context.environ[name], at), f"{name} in the environment", False
    return None


def _anchor(config: NuxtConfig | None, invocation: Invocation | None) -> Location:
    if invocation is not None:
        return invocation.location
    assert config is not None
    return config.anchor
