"""An Nx project's `project.json` → a `ViteInvocation` per target run by `@nx/vite:dev-server`.

The executor (`@nx/vite` 21, `executors/dev-server`, `utils/options-utils`) starts Vite's dev server in the
project's root with the target's `port`, `host` as inline config, over the project's vite.config.* (Vite
merges inline config over the file's; an option left unset keeps the file's), and loads `proxyConfig`
(relative to the workspace root) as `server.proxy`. It passes no `strictPort`: Vite's own rules hold.
"""

from __future__ import annotations

from ...core.facts import ParseResult, Token
from ...readers.jsonc import JNode
from ...readers.nx_project import NxTarget, read_serve_targets
from . import NAME
from .facts import ViteInvocation

EXECUTORS = frozenset({"@nx/vite:dev-server", "@nrwl/vite:dev-server"})


def parse_nx_vite(path: str, text: str) -> ParseResult:
    return read_serve_targets(path, text, EXECUTORS, _invocation)


def _invocation(target: NxTarget) -> ViteInvocation:
    port, computed = target.port()
    return ViteInvocation(
        NAME,
        *target.site(),
        port,
        _host(target.option("host")),
        computed=computed,
        port_option="port",
    )


def _host(node: JNode | None) -> Token | None:
    """`host` as Vite takes it: a string, or `true` (every address) / `false`."""
    if node is not None and node.kind in ("true", "false"):
        return Token(node.kind, node.location)
    return Token(node.text, node.location) if node is not None and node.text else None
