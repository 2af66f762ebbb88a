"""Nuxt's dev server (`nuxi dev` / `nuxt dev`): `--port`, `NUXT_PORT`, `NITRO_PORT`, `PORT`, and
`devServer.port` in nuxt.config.*."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "nuxt"
CONFIG_NAMES = tuple(f"nuxt.config.{extension}" for extension in ("ts", "js", "mjs", "mts", "cjs", "cts"))

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "nuxt",
            "portlint.tools.nuxt.nuxt_config:parse_nuxt_config",
            names=CONFIG_NAMES,
            globs=tuple(f"**/{name}" for name in CONFIG_NAMES),
            telltale=CONFIG_NAMES,
        ),
    ),
    programs={"nuxi": "portlint.tools.nuxt.cli:read_nuxi_args", "nuxt": "portlint.tools.nuxt.cli:read_nuxi_args"},
    resolve="portlint.tools.nuxt.resolve:resolve",
    reads=("portlint.tools.nuxt.facts:NuxtConfig",),
    environment=("NUXT_PORT", "NITRO_PORT", "PORT", "NUXT_HOST", "NITRO_HOST", "HOST"),
)
