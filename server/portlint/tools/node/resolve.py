"""`.listen(...)` calls and the command lines that run their files → claims, as Node would bind.

Port: `process.env.PORT` from the command's own environment (`PORT=4000 node server.js`) > the real
environment > `.env` in the command's folder when the code (or `node -r dotenv/config`, `--env-file`)
loads it (dotenv never overrides a set variable) > the literal default after `||`. A literal port is just
that. No host: Node listens on `::` (every address, dual stack). A taken port crashes the process with
EADDRINUSE (Express 5 hands the error to the listen callback instead); nothing moves.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import DotenvFile, Token
from ...core.model import Claim, LocalhostBinds, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import NodeInvocation, NodeListen

EVERY_ADDRESS = "::"
WHEN_TAKEN = WhenTaken(Taken.FAILS, "Node", "Error: listen EADDRINUSE: address already in use :::N")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    dotenvs = {f.path: f for f in facts if isinstance(f, DotenvFile)}
    invocations = [f for f in facts if isinstance(f, NodeInvocation)]
    claims: list[Claim] = []
    for listen in (f for f in facts if isinstance(f, NodeListen)):
        runs: list[NodeInvocation | None] = [i for i in invocations if i.runs(listen.file)]
        for invocation in runs or [None]:
            claim = _claim(listen, invocation, dotenvs, context)
            if claim is not None:
                claims.append(claim)
    return claims


def _claim(
    listen: NodeListen, invocation: NodeInvocation | None, dotenvs: dict[str, DotenvFile], context: ResolveContext
) -> Claim | None:
    found = _port(listen, invocation, dotenvs, context)
    if found is None:
        return None
    token, origin, names_port = found
    port = token.as_port()
    if port is None:
        return None
    file = relative(listen.file, context.root)
    how = f", run by {invocation.where}" if invocation is not None else ""
    return Claim(
        service=f"node {file}",
        tool=NAME,
        role=Role.LISTEN,
        host=listen.host.text if listen.host is not None else EVERY_ADDRESS,
        port=port,
        explicit=True,
        location=token.location if names_port else listen.location,
        origin=f"{origin}{how}",
        part=Part.BACKEND,
        localhost_binds=LocalhostBinds.FIRST_RESOLVED,
        when_taken=WHEN_TAKEN,
        names_port=names_port,
    )


def _port(
    listen: NodeListen, invocation: NodeInvocation | None, dotenvs: dict[str, DotenvFile], context: ResolveContext
) -> tuple[Token, str, bool] | None:
    """The token that decides the port, in words, and whether a file holds it; None when only run time
    knows (a variable the shell computes, or one no place sets and no default backs)."""
    file = relative(listen.file, context.root)
    name = listen.env
    if name is not None:
        if invocation is not None and name in invocation.computed:
            return None
        if invocation is not None and name in invocation.env:
            return invocation.env[name], f"{name} set in {invocation.where}", True
        if name in context.environ:
            return Token(context.environ[name], listen.location), f"{name} in the environment", False
        for path in _env_files(listen, invocation):
            dotenv = dotenvs.get(path)
            if dotenv is not None and name in dotenv.values:
                return dotenv.values[name], f"{name} in {relative(path, context.root)}, read by {file}", True
    if listen.port is None:
        return None
    if name is not None:
        return listen.port, f"{file}: process.env.{name} unset, the default after it", True
    return listen.port, f"{file}: the port passed to listen", True


def _env_files(listen: NodeListen, invocation: NodeInvocation | None) -> list[str]:
    """The env files that fill the process's environment, first wins: `--env-file`s, then dotenv's `.env`
    in the working folder (the command's, or the file's own folder when no command runs it)."""
    files = list(invocation.env_files) if invocation is not None else []
    if listen.loads_dotenv or (invocation is not None and invocation.preloads_dotenv):
        folder = invocation.cwd if invocation is not None else os.path.dirname(listen.file)
        files.append(os.path.join(folder, ".env"))
    return files
