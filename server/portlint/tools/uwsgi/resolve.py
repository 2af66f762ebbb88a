"""uWSGI facts → claims: every TCP socket of each `uwsgi.ini` and of each `uwsgi` command line (a command's
`--ini` file is claimed once, as the ini). `:PORT` = every IPv4 address. Taken: "bind(): Address already in
use", and uWSGI exits."""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import Address, Invocation
from ...core.model import Claim, LocalhostBinds, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import UwsgiIni
from .sockets import host_of

WHEN_TAKEN = WhenTaken(Taken.FAILS, "uWSGI", "bind(): Address already in use")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims: list[Claim] = []
    for fact in facts:
        if isinstance(fact, UwsgiIni):
            name = relative(fact.file, context.root)
            for option, bind in fact.binds:
                claims += _claim(f"uwsgi {name}", bind, f"{option} in {os.path.basename(fact.file)}")
        elif isinstance(fact, Invocation) and fact.tool == NAME:
            for bind in fact.binds:
                claims += _claim(f"uwsgi {relative(fact.cwd, context.root) or '.'}", bind, f"uwsgi in {fact.where}")
    return claims


def _claim(service: str, bind: Address, origin: str) -> list[Claim]:
    if not bind.tcp or bind.port is None or not bind.port.text.isdigit() or not 0 < int(bind.port.text) <= 65535:
        return []
    return [
        Claim(
            service,
            NAME,
            Role.LISTEN,
            host_of(bind),
            int(bind.port.text),
            True,
            bind.port.location,
            origin,
            part=Part.BACKEND,
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK,
            when_taken=WHEN_TAKEN,
        )
    ]
