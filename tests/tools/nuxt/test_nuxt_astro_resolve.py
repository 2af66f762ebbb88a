"""Nuxt's and Astro's port rules: @nuxt/cli 3.37 `resolveListenOverrides` (`--port || NUXT_PORT ||
NITRO_PORT || PORT`, then `devServer.port`, default 3000, listhen takes another port when taken); Astro's
`server.port` (default 4321) under `--port`, Vite underneath, so it moves upward. From their sources: not run
here."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core.model import Claim, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree


def claims_of(root: Path, files: dict[str, str], environ: dict[str, str] | None = None) -> list[Claim]:
    write_tree(root, files)
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    return resolve(facts, str(root), environ or {})


def test_nuxt_precedence_and_it_always_may_move(tmp_path: Path) -> None:
    config = "export default defineNuxtConfig({ devServer: { port: 3100 } })\n"
    scripts = {"dev": "nuxi dev", "env": "NITRO_PORT=3300 PORT=3400 nuxt dev", "opt": "nuxi dev --port 3500"}
    files = {"nuxt.config.ts": config, "package.json": json.dumps({"scripts": scripts})}
    claims = claims_of(tmp_path, files)
    assert [(c.port, c.when_taken.action) for c in claims] == [
        (3100, Taken.MOVES_UP),
        (3300, Taken.MOVES_UP),
        (3500, Taken.MOVES_UP),
    ]
    (terminal,) = claims_of(
        tmp_path / "b", {"nuxt.config.ts": "export default defineNuxtConfig({})\n"}, {"NUXT_PORT": "3600"}
    )
    assert (terminal.port, terminal.names_port) == (3600, False)


def test_astro_default_config_port_and_cli(tmp_path: Path) -> None:
    files = {
        "astro.config.mjs": "export default defineConfig({ server: { port: 4400, host: true } })\n",
        "package.json": json.dumps({"scripts": {"dev": "astro dev", "lan": "astro dev --port 4500"}}),
    }
    claims = claims_of(tmp_path, files)
    assert [(c.host, c.port, c.when_taken.action) for c in claims] == [
        ("::", 4400, Taken.MOVES_UP),
        ("::", 4500, Taken.MOVES_UP),
    ]
    (default,) = claims_of(tmp_path / "b", {"astro.config.mjs": "export default defineConfig({})\n"})
    assert (default.host, default.port, default.explicit) == ("localhost", 4321, False)
