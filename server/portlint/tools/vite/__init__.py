"""Vite's dev and preview servers (SvelteKit runs Vite's CLI): vite.config.*, `vite` command lines."""

from __future__ import annotations

from ..base import AlsoReads, DevServer, FileKind

NAME = "vite"
CONFIG_NAMES = tuple(f"vite.config.{extension}" for extension in ("js", "mjs", "ts", "cjs", "mts", "cts"))

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "vite",
            "portlint.tools.vite.vite_config:parse_vite_config",
            names=CONFIG_NAMES,
            globs=tuple(f"**/{name}" for name in CONFIG_NAMES),
            telltale=CONFIG_NAMES,
        ),
    ),
    # Nx projects whose `serve` target runs `@nx/vite:dev-server` (the file kind is the Angular tool's).
    also_reads=(AlsoReads("nx-project", "portlint.tools.vite.nx_target:parse_nx_vite", (b"vite:dev-server",)),),
    programs={
        "vite": "portlint.tools.vite.cli:read_vite_args",
        "svelte-kit": "portlint.tools.vite.cli:read_svelte_kit_args",
    },
    resolve="portlint.tools.vite.resolve:resolve",
    reads=(
        "portlint.tools.vite.facts:ViteConfig",
        "portlint.tools.vite.facts:ViteInvocation",
    ),
)
