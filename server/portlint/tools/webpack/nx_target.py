"""An Nx project's `project.json` → a `WebpackInvocation` per target run by Nx's webpack dev server.

`@nx/webpack:dev-server` (Nx 21, `executors/dev-server`) builds webpack-dev-server's options from the target:
`port` (schema default 4200), `host` (default `localhost`), `proxyConfig` (relative to the workspace root);
a composable Nx config (`composePlugins(withNx(), ...)`) takes them, a plain config keeps its own
`devServer` when it has one (`config.devServer ??= options`). `@nrwl/web:dev-server` (Nx 15) always set
them. Either way: a literal `devServer` in the project's webpack config is claimed from the config, else
the target's options.
"""

from __future__ import annotations

from ...core.facts import ParseResult, Token
from ...readers.nx_project import NxTarget, read_serve_targets
from . import NAME
from .facts import WebpackInvocation

EXECUTORS = frozenset({"@nx/webpack:dev-server", "@nrwl/webpack:dev-server", "@nrwl/web:dev-server"})
NX_DEFAULT_PORT = 4200
NX_DEFAULT_HOST = "localhost"


def parse_nx_webpack(path: str, text: str) -> ParseResult:
    return read_serve_targets(path, text, EXECUTORS, _invocation)


def _invocation(target: NxTarget) -> WebpackInvocation:
    port, computed = target.port()
    host = target.option("host")
    return WebpackInvocation(
        NAME,
        *target.site(),
        port,
        Token(host.text, host.location) if host is not None and host.text else Token(NX_DEFAULT_HOST, target.key),
        computed=computed,
        port_option="port",
        passed_default=NX_DEFAULT_PORT,
    )
