"""Next.js: `next dev` / `next start` command lines (`-p`, `PORT`, `-H`). next.config.* names no port."""

from __future__ import annotations

from ..base import DevServer

NAME = "next"

TOOL = DevServer(
    name=NAME,
    programs={"next": "portlint.tools.next.cli:read_next_args"},
    resolve="portlint.tools.next.resolve:resolve",
    environment=("PORT",),
)
