"""`react-scripts start` → the dev server's claim, and its proxy targets → connect claims.

react-scripts 5 (`scripts/start.js`, `config/env.js`): the environment first (the command's own, then the
real one), then `.env.development.local`, `.env.local`, `.env.development`, `.env` in the package folder
(the first that sets a variable wins: dotenv never overrides). `PORT` (default 3000), `HOST` (default
0.0.0.0). On a taken port it asks in a terminal ("Would you like to run the app on another port
instead?") and, without one, says "Something is already running on port N." and exits.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import DotenvFile, Invocation, Token
from ...core.model import Claim, LocalhostBinds, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ...readers.proxy_targets import proxy_claim
from ..base import ResolveContext
from ..client_urls import client_url_claims
from . import NAME
from .facts import CraProxy

DEFAULT_PORT = 3000
DEFAULT_HOST = "0.0.0.0"
ENV_FILES = (".env.development.local", ".env.local", ".env.development", ".env")
WHEN_TAKEN = WhenTaken(Taken.ASKS, "react-scripts", "Something is already running on port N.")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    dotenvs = {f.path: f for f in facts if isinstance(f, DotenvFile)}
    proxies = [f.target for f in facts if isinstance(f, CraProxy)]
    claims: list[Claim] = []
    for invocation in (f for f in facts if isinstance(f, Invocation) and f.tool == NAME):
        claim = _start_claim(invocation, dotenvs, context)
        if claim is not None:
            claims.append(claim)
    folders = {i.cwd for i in facts if isinstance(i, Invocation) and i.tool == NAME}
    claims += client_url_claims(dotenvs.values(), folders, ENV_FILES, ("REACT_APP_",), NAME, "react app", context.root)
    for target in proxies:
        where = relative(target.file, context.root)
        service = f"react-scripts proxy{_context(target.context)} ({where})"
        claims.append(proxy_claim(target, service, NAME, f"proxy target in {where}"))
    return claims


def _start_claim(invocation: Invocation, dotenvs: dict[str, DotenvFile], context: ResolveContext) -> Claim | None:
    if "PORT" in invocation.computed:
        return None
    port_found = _variable("PORT", invocation, dotenvs, context)
    host_found = _variable("HOST", invocation, dotenvs, context)
    folder = relative(invocation.cwd, context.root)
    port, explicit, location, origin, names_port = DEFAULT_PORT, False, invocation.location, "", True
    if port_found is not None and (value := _leading_int(port_found[0].text)):
        token, origin, names_port = port_found
        port, explicit = value, True
        location = token.location if names_port else invocation.location
    else:
        origin = f"react-scripts default port {DEFAULT_PORT} (no PORT)"
    return Claim(
        service="react-scripts dev server" if folder == "." else f"react-scripts dev server ({folder})",
        tool=NAME,
        role=Role.LISTEN,
        host=host_found[0].text if host_found is not None and host_found[0].text else DEFAULT_HOST,
        port=port,
        explicit=explicit,
        location=location,
        origin=f"{origin}, used by {invocation.where}",
        part=Part.FRONTEND,
        localhost_binds=LocalhostBinds.FIRST_RESOLVED,
        when_taken=WHEN_TAKEN,
        names_port=names_port,
    )


def _variable(
    name: str, invocation: Invocation, dotenvs: dict[str, DotenvFile], context: ResolveContext
) -> tuple[Token, str, bool] | None:
    """The value react-scripts sees, in words, and whether a file holds it."""
    if name in invocation.env:
        return invocation.env[name], f"{name} set in {invocation.where}", True
    if name in context.environ:
        return Token(context.environ[name], invocation.location), f"{name} in the environment", False
    for file_name in ENV_FILES:
        dotenv = dotenvs.get(os.path.join(invocation.cwd, file_name))
        if dotenv is not None and name in dotenv.values:
            where = relative(dotenv.path, context.root)
            return dotenv.values[name], f"{name} in {where}", True
    return None


def _leading_int(text: str) -> int | None:
    """`parseInt(PORT, 10)`: the leading digits; None (react-scripts then takes 3000) for none or 0."""
    digits = ""
    for character in text.strip():
        if not character.isdigit() or not character.isascii():
            break
        digits += character
    value = int(digits) if digits else 0
    return value if 0 < value <= 65535 else None


def _context(context: str) -> str:
    return "" if context in ("proxy", "setupProxy") else f" {context}"
