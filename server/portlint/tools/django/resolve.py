"""Django `runserver` → claims: ADDRPORT's port > 8000; its address > `::1` with `-6` > 127.0.0.1 (`0` is
0.0.0.0). No setting or environment variable changes them. Taken: "Error: That port is already in use."
and it exits."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.facts import Invocation
from ...core.model import Claim, LocalhostBinds, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .cli import IPV6_FLAG

DEFAULT_PORT = 8000
WHEN_TAKEN = WhenTaken(Taken.FAILS, "Django's runserver", "Error: That port is already in use.")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims: list[Claim] = []
    for fact in facts:
        if isinstance(fact, Invocation) and fact.tool == NAME and "addrport" not in fact.computed:
            claims.append(_claim(fact, context.root))
    return claims


def _claim(invocation: Invocation, root: str) -> Claim:
    ipv6 = invocation.configuration == IPV6_FLAG
    host = invocation.host.text if invocation.host is not None else ("::1" if ipv6 else "127.0.0.1")
    if host == "0":
        host = "0.0.0.0"
    if invocation.port is not None:
        port, explicit, location = int(invocation.port.text), True, invocation.port.location
        origin = f"runserver {invocation.port.text} in {invocation.where}"
    else:
        port, explicit, location = DEFAULT_PORT, False, invocation.location
        origin = f"Django's default port {DEFAULT_PORT} for {invocation.where} (no port after runserver)"
    return Claim(
        f"django {relative(invocation.cwd, root) or '.'}",
        NAME,
        Role.LISTEN,
        host,
        port,
        explicit,
        location,
        origin,
        part=Part.BACKEND,
        localhost_binds=LocalhostBinds.IPV4_LOOPBACK,  # one socket, IPv4 unless -6 or an IPv6 address
        when_taken=WHEN_TAKEN,
    )
