"""waitress: `waitress-serve [--host H] [--port N] [--listen H:P]... app:app` and `serve(app, host=..., port=...,
listen=...)` in Python source."""

from __future__ import annotations

from ..base import AlsoReads, DevServer

NAME = "waitress"

TOOL = DevServer(
    name=NAME,
    also_reads=(AlsoReads("python", "portlint.tools.waitress.source:parse_waitress_serves", (b"waitress",)),),
    programs={"waitress-serve": "portlint.tools.waitress.cli:read_waitress_args"},
    python_modules={"waitress": "portlint.tools.waitress.cli:read_waitress_args"},
    resolve="portlint.tools.waitress.resolve:resolve",
    reads=("portlint.tools.waitress.facts:WaitressServe",),
)
