"""Which source files the shared kinds read, by name only: the tests discovery runs on every file of a tree,
kept apart from the readers so that the walk loads no parser (tree-sitter's JavaScript grammar, the CORS
core) before a file of the kind is found."""

from __future__ import annotations

import os

# A front end's modules that make its HTTP calls (readers/browser_calls.py)
BROWSER_SOURCE_FOLDERS = ("services", "service")
BROWSER_SOURCE_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".vue")
_APP_NAMES = frozenset(f"App.{extension}" for extension in ("js", "jsx", "ts", "tsx", "vue"))
_MODULE_ENDINGS = tuple(f".{role}.{extension}" for role in ("service", "api") for extension in ("ts", "js"))

# A server's usual entry points, scanned for the ports they name (readers/server_ports.py).
# The Node tool reads `server`, `app`, `main` and `api` files itself (tools/node), and any of these that a
# command runs or a package's "main" names: the others are only scanned for the ports they name.
SERVER_STEMS = frozenset({"index", "start", "serve", "www", "backend", "run", "dev"})
SERVER_SUFFIXES = (".js", ".mjs", ".cjs", ".ts")


def is_browser_source_name(name: str) -> bool:
    """`api.service.ts`, `items.api.js`, `App.jsx`: modules of a front end that make its HTTP calls."""
    return name in _APP_NAMES or (name.endswith(_MODULE_ENDINGS) and "proxy" not in name.lower())


def is_server_source_name(name: str) -> bool:
    """Whether a file name is a server's usual entry point (index.ts, start.js, ...). (Shell scripts are the
    `shell` kind: their command lines are read.)"""
    if not name.endswith(SERVER_SUFFIXES):  # most names of a tree: say no before splitting
        return False
    stem, suffix = os.path.splitext(name)
    return suffix in SERVER_SUFFIXES and stem in SERVER_STEMS
