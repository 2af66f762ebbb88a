"""Next.js: `next dev` / `next start` command lines (`-p`, `PORT`, `-H`). next.config.* names no port."""

from __future__ import annotations

from ..base import AlsoReads, DevServer

NAME = "next"

TOOL = DevServer(
    name=NAME,
    # Nx projects whose `serve` target runs `@nx/next:server` (the file kind is the Angular tool's).
    also_reads=(AlsoReads("nx-project", "portlint.tools.next.nx_target:parse_nx_next", (b"next:server",)),),
    programs={"next": "portlint.tools.next.cli:read_next_args"},
    resolve="portlint.tools.next.resolve:resolve",
    environment=("PORT",),
)
