"""An Nx project's `project.json` → a `ViteInvocation` per target run by `@nx/vite:dev-server`.

The executor (`@nx/vite` 21, `executors/dev-server`, `utils/options-utils`) starts Vite's dev server in the
project's root with the target's `port`, `host` as inline config, over the project's vite.config.* (Vite
merges inline config over the file's; an option left unset keeps the file's), and loads `proxyConfig`
(relative to the workspace root) as `server.proxy`. It passes no `strictPort`: Vite's own rules hold.
"""

from __future__ import annotations

from ...core.facts import ParseResult, Token
from ...readers.jsonc import JNode
from ...readers.nx_project import NxTarget, nx_targets, proxy_reference
from . import NAME
from .facts import ViteInvocation

EXECUTORS = frozenset({"@nx/vite:dev-server", "@nrwl/vite:dev-server"})


def parse_nx_vite(path: str, text: str) -> ParseResult:
    """Syntax problems are left to the kind's owner (the Angular tool's reader of project.json)."""
    result = ParseResult()
    targets, _ = nx_targets(path, text, EXECUTORS)
    for target in targets:
        result.facts.append(_invocation(target))
        proxy = target.option("proxyConfig")
        written = Token(proxy.text, proxy.location) if proxy is not None and proxy.text else None
        reference = proxy_reference(path, target.folder, written)
        if reference is not None:
            result.facts.append(reference)
    return result


def _invocation(target: NxTarget) -> ViteInvocation:
    port, computed = target.port()
    return ViteInvocation(
        NAME,
        target.file,
        target.executor.location,
        target.where,
        target.folder,
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
