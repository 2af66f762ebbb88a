"""Next.js: `next dev` / `next start` command lines (`-p`, `PORT`, `-H`), the rewrites of next.config.* that
proxy to another server, and Nx's `@nx/next:server` targets. next.config.* names no port of its own."""

from __future__ import annotations

from ..base import AlsoReads, DevServer, FileKind

NAME = "next"
CONFIG_NAMES = ("next.config.js", "next.config.mjs", "next.config.ts")  # Next refuses .cjs, .mts, .cts

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "next",
            "portlint.tools.next.next_config:parse_next_config",
            names=CONFIG_NAMES,
            globs=tuple(f"**/{name}" for name in CONFIG_NAMES),
            telltale=CONFIG_NAMES,
        ),
    ),
    # Nx projects whose `serve` target runs `@nx/next:server` (the file kind is the Angular tool's).
    also_reads=(AlsoReads("nx-project", "portlint.tools.next.nx_target:parse_nx_next", (b"next:server",)),),
    programs={"next": "portlint.tools.next.cli:read_next_args"},
    resolve="portlint.tools.next.resolve:resolve",
    reads=(
        "portlint.tools.next.facts:NextConfig",
        "portlint.tools.next.facts:NextInvocation",
    ),
    environment=("PORT",),
)
