"""An Nx project's `project.json` → a `NextInvocation` per target run by `@nx/next:server`.

The executor (`@nx/next` 21, `executors/server/server.impl.ts`) forks Next's CLI in the project's root as
`next dev --port <port> [--hostname <hostname>]` (`next start` when `dev` is false), with `port` defaulting
to 4200 (its schema): a port is always passed, so Next never moves off it. A `customServerTarget` runs
the project's own server instead: not followed.
"""

from __future__ import annotations

from ...core.facts import ParseResult, Token
from ...readers.nx_project import NxTarget, nx_targets
from . import NAME
from .facts import NextInvocation

EXECUTORS = frozenset({"@nx/next:server", "@nrwl/next:server"})
NX_DEFAULT_PORT = 4200


def parse_nx_next(path: str, text: str) -> ParseResult:
    """Syntax problems are left to the kind's owner (the Angular tool's reader of project.json)."""
    targets, _ = nx_targets(path, text, EXECUTORS)
    return ParseResult(facts=[_invocation(t) for t in targets if t.option("customServerTarget") is None])


def _invocation(target: NxTarget) -> NextInvocation:
    port, computed = target.port()
    hostname = target.option("hostname")
    dev = target.option("dev")
    return NextInvocation(
        NAME,
        *target.site(),
        port,
        Token(hostname.text, hostname.location) if hostname is not None and hostname.text else None,
        configuration="start" if dev is not None and dev.kind == "false" else "dev",
        computed=computed,
        port_option="port",
        passed_default=NX_DEFAULT_PORT,
    )
