"""next.config.{js,mjs,ts} → a `NextConfig` with the rewrites that proxy to another server.

Next calls `rewrites()` (sync or async, a method or a function member) and takes an array of `{source,
destination}`, or an object of such arrays (`beforeFiles`, `afterFiles`, `fallback`). A destination that is
an absolute http(s) URL is proxied to (Node's http underneath: `localhost` is resolved like any Node
client); a path (`/about`) is an internal rewrite. Read statically (`readers.js_literal`), never run: a
config function, `defineConfig`-like helpers and plugin wrappers (`withBundleAnalyzer(config)`) are looked
through, `process.env.NODE_ENV === 'development' ? a : b` is read as `next dev` sets it, and a
destination built at run time (`${process.env.API_URL}/:path*`) is no claim.
"""

from __future__ import annotations

from ...core.facts import ParseResult
from ...readers.js_literal import Calls, read_js_config
from ...readers.jsonc import JNode
from ...readers.proxy_targets import ProxyTarget, read_target
from .facts import NextConfig

_READING = Calls(methods=True, wrappers=("with",), env={"NODE_ENV": "development"})
_PHASES = ("beforeFiles", "afterFiles", "fallback")
_EXTERNAL = ("http://", "https://")


def parse_next_config(path: str, text: str) -> ParseResult:
    result = ParseResult()
    root, problems = read_js_config(path, text, calls_functions=True, calls=_READING)
    result.problems.extend(problems)
    rewrites = root.get("rewrites") if root is not None and root.kind == "object" else None
    if rewrites is None:
        return result
    entries = rewrites.elements() if rewrites.kind == "array" else _phased(rewrites)
    targets: list[ProxyTarget] = []
    for entry in entries:
        source, destination = entry.get("source"), entry.get("destination")
        if source is None or source.text is None or destination is None or destination.text is None:
            continue
        if not destination.text.lower().startswith(_EXTERNAL):
            continue  # a path of this app: no other server
        found = read_target(path, source.text, destination)
        if isinstance(found, ProxyTarget):
            targets.append(found)
        else:
            result.problems.append(found)
    result.facts.append(NextConfig(path, tuple(targets)))
    return result


def _phased(rewrites: JNode) -> list[JNode]:
    """`{beforeFiles: [...], afterFiles: [...], fallback: [...]}`, in the order Next checks them."""
    phases = (rewrites.get(name) for name in _PHASES) if rewrites.kind == "object" else ()
    return [entry for phase in phases if phase is not None for entry in phase.elements()]
