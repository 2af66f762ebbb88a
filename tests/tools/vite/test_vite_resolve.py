"""Vite's port rules, from configs and command lines to claims (each rule checked against Vite 8's source,
`packages/vite/src/node/{cli,http,preview}.ts`, and, for the ports, by tests/fidelity/test_vite_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core.model import Claim, Role, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree

DEFAULTS = "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  plugins: [],\n})\n"


def claims_of(root: Path, files: dict[str, str]) -> list[Claim]:
    write_tree(root, files)
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    return resolve(facts, str(root), {})


def scripts(**named: str) -> str:
    return json.dumps({"name": "web", "private": True, "scripts": named})


def listen(claims: list[Claim]) -> list[tuple[str, str, int, bool, Taken]]:
    return [(c.service, c.host, c.port, c.explicit, c.when_taken.action) for c in claims if c.role is Role.LISTEN]


def test_a_config_without_a_port_claims_5173_that_moves_and_pins_with_strict_port(tmp_path: Path) -> None:
    (claim,) = claims_of(tmp_path, {"vite.config.ts": DEFAULTS})
    assert listen([claim]) == [("vite dev server", "localhost", 5173, False, Taken.MOVES_UP)]
    assert claim.insertion is not None and claim.insertion.text(5180) == "server: { port: 5180 },\n  "
    assert claim.pin is not None
    assert claim.pin.title == "Set server.strictPort: true in vite.config.ts"
    assert [e.new_text for e in claim.pin.edits] == ["server: { strictPort: true },\n  "]


def test_server_port_with_strict_port_is_fixed_and_host_true_is_every_address(tmp_path: Path) -> None:
    config = "export default { server: { port: 3000, strictPort: true, host: true } }\n"
    (claim,) = claims_of(tmp_path, {"vite.config.js": config})
    assert listen([claim]) == [("vite dev server", "::", 3000, True, Taken.FAILS)]
    assert claim.pin is None


def test_port_option_wins_over_the_config_and_strict_port_flag_fixes_it(tmp_path: Path) -> None:
    files = {
        "vite.config.ts": "export default { server: { port: 3000 } }\n",
        "package.json": scripts(dev="vite --port 4000", strict="vite dev --port=4001 --strictPort"),
    }
    claims = claims_of(tmp_path, files)
    assert listen(claims) == [
        ("vite dev server", "localhost", 3000, True, Taken.MOVES_UP),
        ("vite dev server", "localhost", 4000, True, Taken.MOVES_UP),
        ("vite dev server", "localhost", 4001, True, Taken.FAILS),
    ]
    from_script = next(c for c in claims if c.port == 4000)
    assert from_script.origin.startswith('--port in package.json script "dev"')
    assert from_script.pin is not None and "strictPort" in from_script.pin.title  # the config's strictPort


def test_a_root_argument_picks_that_folders_config(tmp_path: Path) -> None:
    files = {
        "client/vite.config.mts": "export default { server: { port: 3100, host: '127.0.0.1' } }\n",
        "package.json": scripts(client="vite client --host 0.0.0.0"),
    }
    assert listen(claims_of(tmp_path, files)) == [
        ("vite dev server (client)", "127.0.0.1", 3100, True, Taken.MOVES_UP),
        ("vite dev server (client)", "0.0.0.0", 3100, True, Taken.MOVES_UP),
    ]


def test_preview_has_its_own_port_and_inherits_host_and_strict_port(tmp_path: Path) -> None:
    files = {
        "vite.config.ts": "export default { server: { port: 3000, strictPort: true, host: '::1' } }\n",
        "package.json": scripts(preview="vite preview"),
    }
    assert listen(claims_of(tmp_path, files)) == [
        ("vite dev server", "::1", 3000, True, Taken.FAILS),
        ("vite preview server", "::1", 4173, False, Taken.FAILS),
    ]


def test_ports_only_run_time_knows_claim_nothing_and_builds_start_no_server(tmp_path: Path) -> None:
    files = {
        "vite.config.js": "export default { server: { port: Number(process.env.PORT) } }\n",
        "package.json": scripts(a="vite build", b="vite --port $PORT", c="vite optimize"),
    }
    assert listen(claims_of(tmp_path, files)) == []


def test_vite_ignores_p_but_svelte_kit_reads_it(tmp_path: Path) -> None:
    files = {"package.json": scripts(a="vite -p 3000", b="svelte-kit dev -p 3001", c="vite dev --host")}
    claims = claims_of(tmp_path, files)
    assert listen(claims) == [
        ("vite dev server", "localhost", 5173, False, Taken.MOVES_UP),
        ("vite dev server", "localhost", 3001, True, Taken.MOVES_UP),
        ("vite dev server", "::", 5173, False, Taken.MOVES_UP),
    ]


def test_without_a_config_the_pin_is_strict_port_after_the_port_option(tmp_path: Path) -> None:
    (claim,) = claims_of(tmp_path, {"package.json": scripts(dev="vite --port 3002 --open")})
    assert claim.pin is not None and claim.pin.title == 'Pass --strictPort in package.json script "dev"'
    (edit,) = claim.pin.edits
    assert edit.new_text == " --strictPort" and edit.range.start == claim.location.range.end


def test_proxy_targets_are_connect_claims_of_the_proxy(tmp_path: Path) -> None:
    config = (
        "export default defineConfig({\n  server: {\n    proxy: {\n"
        "      '/api': { target: 'http://localhost:5000', changeOrigin: true },\n"
        "      '/ws': 'ws://127.0.0.1:5001',\n    },\n  },\n})\n"
    )
    claims = claims_of(tmp_path, {"vite.config.ts": config})
    connects = [(c.service, c.host, c.port, c.target) for c in claims if c.role is Role.CONNECT]
    assert connects == [
        ("vite proxy /api (vite.config.ts)", "localhost", 5000, "http://localhost:5000"),
        ("vite proxy /ws (vite.config.ts)", "127.0.0.1", 5001, "ws://127.0.0.1:5001"),
    ]


def test_a_proxy_targets_host_is_located_exactly_or_not_at_all(tmp_path: Path) -> None:
    """`Claim.host_location` (what the "Target http://127.0.0.1:N" fix rewrites): the host's exact place in a
    plain string, in any form; nothing where escapes or an object `{host, port}` make the place uncertain."""
    config = (
        "export default defineConfig({\n  server: {\n    proxy: {\n"
        "      '/a': 'http://localhost:5000/api',\n"
        "      '/b': { target: 'http://user@[::1]:5001', changeOrigin: true },\n"
        "      '/c': 'http://local\\u0068ost:5002',\n"
        "      '/d': { target: { host: 'localhost', port: 5003 } },\n"
        "      '/e': 'http://localhost',\n    },\n  },\n})\n"
    )
    claims = claims_of(tmp_path, {"vite.config.ts": config})
    lines = config.splitlines()

    def written(port: int) -> str | None:
        (claim,) = [c for c in claims if c.role is Role.CONNECT and c.port == port]
        at = claim.host_location
        if at is None:
            return None
        assert at.file == str(tmp_path / "vite.config.ts") and at.range.start.line == at.range.end.line
        return lines[at.range.start.line][at.range.start.character : at.range.end.character]

    assert [written(port) for port in (5000, 5001, 5002, 5003, 80)] == ["localhost", "[::1]", None, None, None]


def nx_project(executor: str, options: dict[str, object]) -> str:
    return json.dumps({"name": "shop", "targets": {"serve": {"executor": executor, "options": options}}})


def test_an_nx_target_port_wins_over_the_config_and_its_pin_is_the_configs_strict_port(tmp_path: Path) -> None:
    """@nx/vite:dev-server passes `port`/`host` as inline config, which Vite merges over vite.config.*."""
    files = {
        "apps/shop/vite.config.ts": "export default { server: { port: 4200, host: 'localhost' } }\n",
        "apps/shop/project.json": nx_project("@nx/vite:dev-server", {"buildTarget": "shop:build", "port": 3000}),
    }
    (claim,) = claims_of(tmp_path, files)
    assert listen([claim]) == [("vite dev server (apps/shop)", "localhost", 3000, True, Taken.MOVES_UP)]
    assert claim.origin.startswith('port in Nx target "shop"')
    assert claim.pin is not None and claim.pin.title == "Set server.strictPort: true in apps/shop/vite.config.ts"


def test_an_nx_target_without_a_port_is_the_configs_claim_and_never_pins_in_project_json(tmp_path: Path) -> None:
    files = {"apps/shop/project.json": nx_project("@nrwl/vite:dev-server", {"host": True})}
    (claim,) = claims_of(tmp_path, files)
    assert listen([claim]) == [("vite dev server (apps/shop)", "::", 5173, False, Taken.MOVES_UP)]
    assert claim.location.file.endswith("project.json") and claim.pin is None
    files["apps/shop/vite.config.ts"] = "export default { server: { port: 4200 } }\n"
    (claim,) = claims_of(tmp_path, files)
    assert (claim.port, claim.location.file.endswith("vite.config.ts")) == (4200, True)
