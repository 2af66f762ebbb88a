"""Astro's dev server (Vite underneath): `astro dev --port/--host`, `server.port/host` in astro.config.*."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "astro"
CONFIG_NAMES = tuple(f"astro.config.{extension}" for extension in ("mjs", "js", "ts", "mts", "cjs", "cts"))

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "astro",
            "portlint.tools.astro.astro_config:parse_astro_config",
            names=CONFIG_NAMES,
            globs=tuple(f"**/{name}" for name in CONFIG_NAMES),
            telltale=CONFIG_NAMES,
        ),
    ),
    programs={"astro": "portlint.tools.astro.cli:read_astro_args"},
    resolve="portlint.tools.astro.resolve:resolve",
    reads=("portlint.tools.astro.facts:AstroConfig",),
)
