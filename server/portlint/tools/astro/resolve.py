"""astro.config.* and `astro dev` → claims: `--port` > `server.port` > 4321; host `--host` > `server.host`
> `localhost` (`true`: every address). Astro's dev server is Vite without strictPort: a taken port makes it
move upward. `astro preview` serves on the same port rules.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import Invocation
from ...core.model import Claim, LocalhostBinds, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import AstroConfig

DEFAULT_PORT = 4321
MOVES = WhenTaken(Taken.MOVES_UP, "Astro (Vite)", "Port N is in use, trying another one...")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    configs = [f for f in facts if isinstance(f, AstroConfig)]
    invocations = [f for f in facts if isinstance(f, Invocation) and f.tool == NAME]
    claims: list[Claim] = []
    for config in configs:
        claims += _claim(config, None, context)
    for invocation in invocations:
        found: AstroConfig | None = next((c for c in configs if os.path.dirname(c.file) == invocation.cwd), None)
        if found is not None and invocation.port is None and invocation.host is None and not invocation.computed:
            continue  # the same as the config's own claim
        claims += _claim(found, invocation, context)
    return claims


def _claim(config: AstroConfig | None, invocation: Invocation | None, context: ResolveContext) -> list[Claim]:
    if invocation is not None and "--port" in invocation.computed:
        return []
    token = invocation.port if invocation is not None and invocation.port is not None else None
    origin = f"--port in {invocation.where}" if invocation is not None and token is not None else ""
    if token is None and config is not None:
        if config.computed:
            return []
        token = config.port
        origin = f"server.port in {relative(config.file, context.root)}" if token is not None else ""
    port = token.as_port() if token is not None else DEFAULT_PORT
    if port is None:
        return []
    if token is None:
        origin = f"Astro default port {DEFAULT_PORT}"
    host_token = (invocation.host if invocation is not None else None) or (config.host if config else None)
    host = "localhost"
    if host_token is not None and host_token.text not in ("", "false"):
        host = "::" if host_token.text == "true" else host_token.text
    folder = relative(os.path.dirname(config.file) if config else invocation.cwd if invocation else "", context.root)
    location = token.location if token is not None else (invocation.location if invocation else config.anchor)  # type: ignore[union-attr]
    how = f", used by {invocation.where}" if invocation is not None else ""
    return [
        Claim(
            service="astro dev server" if folder == "." else f"astro dev server ({folder})",
            tool=NAME,
            role=Role.LISTEN,
            host=host,
            port=port,
            explicit=token is not None,
            location=location,
            origin=f"{origin}{how}",
            part=Part.FRONTEND,
            localhost_binds=LocalhostBinds.FIRST_RESOLVED,
            when_taken=MOVES,
        )
    ]
