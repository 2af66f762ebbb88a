"""The whole workspace's facts → its claims: every registered tool resolves its own, as the real tool would.

Pure: no I/O. Each tool's resolver picks its facts out by type and its command lines by tool name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..core.model import Claim
from ..registry import TOOLS
from .base import ResolveContext, Resolver, load_function


def resolve(facts: Iterable[object], root: str, environ: Mapping[str, str] | None = None) -> list[Claim]:
    facts = list(facts)
    environ = environ or {}
    claims: list[Claim] = []
    for tool in TOOLS:
        if not tool.resolve:
            continue
        resolver: Resolver = load_function(tool.resolve)
        context = ResolveContext(root, {k: v for k, v in environ.items() if k in tool.environment})
        claims += resolver(facts, context)
    return _unique(claims)


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
