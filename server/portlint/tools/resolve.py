"""The whole workspace's facts → its claims: every registered tool resolves its own, as the real tool would.

Pure: no I/O. Each tool's resolver picks its facts out by type and its command lines by tool name; only the
tools with such facts here are imported at all (`registry.tools_reading`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from msgspec.structs import replace

from ..core.facts import DotenvFile, Invocation, Token, parse_port
from ..core.model import Claim
from ..registry import tools_reading
from .base import ALL_VARIABLES, ResolveContext, Resolver, load_function


def resolve(facts: Iterable[object], root: str, environ: Mapping[str, str] | None = None) -> list[Claim]:
    environ = environ or {}
    facts = with_runner_ports(list(facts), environ)
    claims: list[Claim] = []
    for tool in tools_reading(facts):
        if not tool.resolve:
            continue
        resolver: Resolver = load_function(tool.resolve)
        every = ALL_VARIABLES in tool.environment  # a tool that interpolates any variable (compose)
        context = ResolveContext(root, {k: v for k, v in environ.items() if every or k in tool.environment})
        claims += resolver(facts, context)
    return _unique(claims)


def with_runner_ports(facts: list[object], environ: Mapping[str, str]) -> list[object]:
    """Command lines a port-numbering runner starts (`Invocation.runner_port_offset`) with `PORT` from the
    runner's real base: `PORT` in the `.env` beside the command file (the runner loads it), else in the real
    environment, else the runner's default already written in."""
    dotenvs = {f.path: f for f in facts if isinstance(f, DotenvFile)}
    result: list[object] = []
    for fact in facts:
        if isinstance(fact, Invocation) and fact.runner_port_offset is not None and "PORT" in fact.env:
            dotenv = dotenvs.get(os.path.join(os.path.dirname(fact.file), ".env"))
            written = dotenv.values.get("PORT") if dotenv is not None else None
            base = parse_port(written.text if written is not None else environ.get("PORT", ""))
            if base is not None:
                port = Token(str(base + fact.runner_port_offset), fact.env["PORT"].location)
                fact = replace(fact, env={**fact.env, "PORT": port})
        result.append(fact)
    return result


def _unique(claims: list[Claim]) -> list[Claim]:
    """One claim per (service, role, host, port, place): several ways to run a service often agree."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for claim in claims:
        key = (claim.service, claim.role, claim.host, claim.port, claim.location)
        if key not in seen:
            seen.add(key)
            unique.append(claim)
    return unique
