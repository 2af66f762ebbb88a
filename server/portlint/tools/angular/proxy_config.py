"""Angular dev-server proxy configs → one `ProxyTarget` per proxied context.

`.json` is read as JSONC (as the Angular CLI does, with `jsonc-parser`); any other extension is a
JavaScript module the CLI would import, read statically by `js_literal`. The table's shapes and targets are
http-proxy's, read by the shared `readers.proxy_targets`; an option written beside the entries is a
`ProxyStrayKey` (the Vite-based dev server of Angular 17+ fails on it).
"""

from __future__ import annotations

import os

from ...core.facts import ParseResult
from ...readers.js_literal import read_js_config
from ...readers.jsonc import parse_jsonc
from ...readers.proxy_targets import read_proxy_table
from .facts import ProxyStrayKey


def parse_proxy(path: str, text: str) -> ParseResult:
    result = ParseResult()
    if os.path.splitext(path)[1].lower() == ".json":
        root, problems = parse_jsonc(path, text)
    else:
        root, problems = read_js_config(path, text)
    result.problems.extend(problems)
    if root is None:
        return result
    table = read_proxy_table(path, root)
    result.facts.extend(table.targets)
    result.facts.extend(ProxyStrayKey(path, key, where) for key, where in table.stray_keys)
    result.problems.extend(table.problems)
    return result
