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
