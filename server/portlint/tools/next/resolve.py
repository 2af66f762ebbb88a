"""`next dev` / `next start` → claims, as Next.js 16's CLI resolves them (`cli/next-dev.js`,
`server/lib/start-server.js`).

Port: `-p/--port` > `PORT` (the script's own, then the real environment; `.env` files are loaded too late
to set it) > 3000. Host: `-H/--hostname`, else none (every address, `::`). When the port is taken,
`next dev` on the default moves upward (up to 10 ports); a port from `-p` or `PORT`, and `next start`,
stop the server ("Failed to start server"). Each rewrite of next.config.* to another server's URL is a
connect claim of Next's proxy.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.facts import DotenvFile, Token
from ...core.model import Claim, Insertion, LocalhostBinds, Part, Pin, Role, Taken, TextEdit, WhenTaken
from ...core.paths import relative
from ...readers.proxy_targets import proxy_claim
from ..base import ResolveContext
from ..client_urls import client_url_claims
from . import NAME
from .facts import NextConfig, NextInvocation

DEFAULT_PORT = 3000
ENV_FILES = (".env.development.local", ".env.local", ".env.development", ".env")  # what `next dev` loads
EVERY_ADDRESS = "::"
MOVES = WhenTaken(Taken.MOVES_UP, "Next.js", "retries on the next port, up to 10 times")
FIXED = WhenTaken(Taken.FAILS, "Next.js", "Failed to start server (EADDRINUSE)")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims = []
    invocations = [f for f in facts if isinstance(f, NextInvocation)]
    for invocation in invocations:
        claim = _claim(invocation, context)
        if claim is not None:
            claims.append(claim)
    for config in (f for f in facts if isinstance(f, NextConfig)):
        where = relative(config.file, context.root)
        for target in config.rewrites:
            service = f"next rewrite {target.context} ({where})"
            claims.append(proxy_claim(target, service, NAME, f'rewrite of "{target.context}" in {where}'))
    dotenvs = (f for f in facts if isinstance(f, DotenvFile))
    folders = {i.cwd for i in invocations}
    return claims + client_url_claims(dotenvs, folders, ENV_FILES, ("NEXT_PUBLIC_",), NAME, "next app", context.root)


def _claim(invocation: NextInvocation, context: ResolveContext) -> Claim | None:
    if "--port" in invocation.computed or (invocation.port is None and "PORT" in invocation.computed):
        return None
    found = _port(invocation, context)
    if found is not None and found[0].as_port() is None:
        return None
    mode = invocation.configuration or "dev"
    folder = relative(invocation.cwd, context.root)
    service = f"next {mode} server" if folder == "." else f"next {mode} server ({folder})"
    how = f", used by {invocation.where}"
    if found is not None:
        token, origin, names_port = found
        port, explicit, when_taken, pin, insertion = token.as_port() or 0, True, FIXED, None, None
        location = token.location if names_port else invocation.location
    else:
        port, explicit, names_port, location = DEFAULT_PORT, False, True, invocation.location
        origin = f"Next.js default port {DEFAULT_PORT} (no -p, no PORT)"
        when_taken = MOVES if mode == "dev" else FIXED
        insertion = Insertion(invocation.pin_at, " -p ") if invocation.pin_at is not None else None
        pin = None
        if mode == "dev" and invocation.pin_at is not None:
            edit = TextEdit(invocation.pin_at.file, invocation.pin_at.range, f" -p {port}")
            pin = Pin(f"Pass -p {port} in {invocation.where}", (edit,))
    return Claim(
        service=service,
        tool=NAME,
        role=Role.LISTEN,
        host=invocation.host.text if invocation.host is not None else EVERY_ADDRESS,
        port=port,
        explicit=explicit,
        location=location,
        origin=f"{origin}{how}",
        part=Part.FRONTEND,
        localhost_binds=LocalhostBinds.FIRST_RESOLVED,
        when_taken=when_taken,
        insertion=insertion,
        names_port=names_port,
        pin=pin,
        app=f"next {invocation.cwd}",  # `next dev` and `next start` of one folder: one app, never both at once
    )


def _port(invocation: NextInvocation, context: ResolveContext) -> tuple[Token, str, bool] | None:
    if invocation.port is not None:
        return invocation.port, f"{invocation.port_option} in {invocation.where}", True
    if invocation.passed_default is not None:
        origin = f"{invocation.where}'s default port, passed as --port (no {invocation.port_option} written)"
        return Token(str(invocation.passed_default), invocation.location), origin, False
    if "PORT" in invocation.env:
        return invocation.env["PORT"], f"PORT set in {invocation.where}", True
    if "PORT" in context.environ:
        return Token(context.environ["PORT"], invocation.location), "PORT in the environment", False
    return None
