"""Node servers (Express, Koa, Nest, plain `http.createServer`): `.listen(...)` in their entry files, and
`node` / `nodemon` / `tsx` / `ts-node` command lines."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "node"
# Not `index.*` by name (most are no server, and firebase's functions/index.js is a Cloud Functions source):
# those are read when a command runs them or a package's "main" names them (`entry.py`).
_STEMS = ("server", "app", "main", "api")
_EXTENSIONS = ("js", "mjs", "cjs", "ts", "mts", "cts")
ENTRY_NAMES = tuple(f"{stem}.{extension}" for stem in _STEMS for extension in _EXTENSIONS)
_PARSER = "portlint.tools.node.source:parse_node_source"
_CLI = "portlint.tools.node.cli:read_node_args"

TOOL = DevServer(
    name=NAME,
    files=(
        # The usual entry files, by name (an extension test would take proxy.conf.js from the Angular CLI).
        FileKind(
            "node",
            _PARSER,
            names=ENTRY_NAMES,
            globs=tuple(f"**/{name}" for name in ENTRY_NAMES),
            quiet=True,
            needs_bytes=(b"listen", b"express"),
        ),
        # express-generator's `bin/www`.
        FileKind("node", _PARSER, names=("www",), folder="bin", globs=("**/bin/www",), quiet=True),
    ),
    programs={program: _CLI for program in ("node", "nodemon", "tsx", "ts-node", "ts-node-dev")},
    package_fields={"main": "portlint.tools.node.entry:read_main"},
    resolve="portlint.tools.node.resolve:resolve",
    cors="portlint.tools.node.express_cors:express_cors_routes",
    reads=(
        "portlint.tools.node.facts:NodeListen",
        "portlint.tools.node.facts:NodeInvocation",
        "portlint.tools.node.express_facts:ExpressFile",
    ),
    environment=("PORT",),
)
