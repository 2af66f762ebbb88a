"""webpack-dev-server's port rules (read in webpack-dev-server 6.1.0's lib/Server.js `getFreePort` and
lib/getPort.js; the ports checked by tests/fidelity/test_webpack_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core.model import Claim, Role, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree


def claims_of(root: Path, files: dict[str, str], environ: dict[str, str] | None = None) -> list[Claim]:
    write_tree(root, files)
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    return resolve(facts, str(root), environ or {})


def listen(claims: list[Claim]) -> list[tuple[str, str, int, bool, Taken]]:
    return [(c.service, c.host, c.port, c.explicit, c.when_taken.action) for c in claims if c.role is Role.LISTEN]


def test_no_port_searches_upward_from_8080_and_a_written_port_pins_it(tmp_path: Path) -> None:
    config = "module.exports = {\n  devServer: {\n    hot: true,\n  },\n}\n"
    (claim,) = claims_of(tmp_path, {"webpack.config.js": config})
    assert listen([claim]) == [("webpack-dev-server", "::", 8080, False, Taken.MOVES_UP)]
    assert claim.pin is not None and claim.pin.title == "Set devServer.port: 8080 in webpack.config.js"
    assert [e.new_text for e in claim.pin.edits] == ["port: 8080,\n    "]


def test_base_port_from_the_environment(tmp_path: Path) -> None:
    claims = claims_of(
        tmp_path,
        {"webpack.config.js": "module.exports = { devServer: {} }\n"},
        {"WEBPACK_DEV_SERVER_BASE_PORT": "9100"},
    )
    assert listen(claims) == [("webpack-dev-server", "::", 9100, False, Taken.MOVES_UP)]


def test_port_option_over_the_named_config_and_proxy_targets(tmp_path: Path) -> None:
    files = {
        "webpack.dev.js": "module.exports = merge(common, { devServer: { port: 3000, host: 'localhost', "
        "proxy: [{ context: ['/api'], target: 'http://localhost:5000' }] } })\n",
        "package.json": json.dumps({"scripts": {"start": "webpack serve --config webpack.dev.js --port 3001"}}),
    }
    claims = claims_of(tmp_path, files)
    assert listen(claims) == [
        ("webpack-dev-server", "localhost", 3000, True, Taken.FAILS),
        ("webpack-dev-server", "localhost", 3001, True, Taken.FAILS),
    ]
    (proxy,) = [c for c in claims if c.role is Role.CONNECT]
    assert (proxy.port, proxy.target) == (5000, "http://localhost:5000")


def test_auto_is_the_search_and_its_pin_replaces_it(tmp_path: Path) -> None:
    (claim,) = claims_of(tmp_path, {"webpack.config.js": "module.exports = { devServer: { port: 'auto' } }\n"})
    assert (claim.port, claim.when_taken.action) == (8080, Taken.MOVES_UP)
    assert claim.pin is not None and claim.pin.edits[0].new_text == "8080"


def nx_serve(options: dict[str, object], executor: str = "@nx/webpack:dev-server") -> str:
    return json.dumps({"name": "admin", "targets": {"serve": {"executor": executor, "options": options}}})


COMPOSED = (
    "const { composePlugins, withNx } = require('@nx/webpack');\nmodule.exports = composePlugins(withNx(), (c) => c);\n"
)


def test_an_nx_target_passes_its_port_or_4200_and_localhost(tmp_path: Path) -> None:
    """@nx/webpack:dev-server hands `port` (schema default 4200) and `host` (default localhost) to
    webpack-dev-server: a port is always written for it, so it never searches for a free one."""
    files = {
        "apps/admin/project.json": nx_serve({"buildTarget": "admin:build"}),
        "apps/admin/webpack.config.js": COMPOSED,
    }
    (claim,) = claims_of(tmp_path, files)
    assert listen([claim]) == [("webpack-dev-server (apps/admin)", "localhost", 4200, True, Taken.FAILS)]
    assert not claim.names_port and claim.location.file.endswith("project.json")  # no edit of the executor
    files["apps/admin/project.json"] = nx_serve({"port": 4300, "host": "0.0.0.0"}, "@nrwl/web:dev-server")
    (claim,) = claims_of(tmp_path, files)
    assert (claim.host, claim.port, claim.names_port, claim.origin[:23]) == (
        "0.0.0.0",
        4300,
        True,
        'port in Nx target "admi',
    )


def test_a_plain_webpack_configs_own_dev_server_wins_over_the_nx_target(tmp_path: Path) -> None:
    files = {
        "apps/admin/project.json": nx_serve({"port": 4300}),
        "apps/admin/webpack.config.js": "module.exports = { devServer: { port: 3010 } }\n",
    }
    (claim,) = claims_of(tmp_path, files)
    assert (claim.port, claim.location.file.endswith("webpack.config.js")) == (3010, True)
