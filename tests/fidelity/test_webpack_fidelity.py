"""The real webpack-dev-server (`webpack serve`) binds the port portlint resolved: `devServer.port`,
`--port` over the config, `--config` naming a split config, the search from 8080 when no port is written
(moving past a taken 8080), and a taken written port stopping the server.

webpack 5.113.0, webpack-cli 7.3.1 and webpack-dev-server 6.1.0 (pinned) are installed with npm into
tests/.cache/webpack once (about 16 s, 40 MB).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from portlint.core.model import Taken

from .bound import listening
from .netns import NetNamespace
from .npm_cache import npm_installed
from .running import started
from .workspace import free_ports, listen_claims, the_claim, write_tree

pytestmark = pytest.mark.fidelity

DEPENDENCIES = {"webpack": "5.113.0", "webpack-cli": "7.3.1", "webpack-dev-server": "6.1.0"}
START_TIMEOUT = 90.0
LOOPBACK = r"Loopback: http://(?P<host>\[[^\]]+\]|[^\s/:,]+):(?P<port>\d+)/"


@dataclass(frozen=True)
class Case:
    id: str
    config: str  # <P1>.. are free ports
    argv: tuple[str, ...]  # after `webpack`
    origin: str
    taken: Taken
    config_name: str = "webpack.config.js"
    default_port: bool = False


CASES = [
    Case(
        "dev-server-port",
        "module.exports = { mode: 'development', devServer: { port: <P1>, host: '127.0.0.1' } };\n",
        ("serve",),
        "devServer.port in webpack.config.js",
        Taken.FAILS,
    ),
    Case(
        "port-option-over-a-named-config",
        "module.exports = { mode: 'development', devServer: { port: <P1>, host: '127.0.0.1' } };\n",
        ("serve", "--config", "webpack.dev.js", "--port", "<P2>"),
        '--port in package.json script "start"',
        Taken.FAILS,
        config_name="webpack.dev.js",
    ),
    Case(
        "search-from-8080",
        "module.exports = { mode: 'development', devServer: { hot: false } };\n",
        ("serve",),
        "first free port from 8080",
        Taken.MOVES_UP,
        default_port=True,
    ),
]


@pytest.fixture(scope="module")
def webpack_js() -> Path:
    return npm_installed("webpack", DEPENDENCIES) / "node_modules" / "webpack-cli" / "bin" / "cli.js"


def _fill(text: str, ports: list[int]) -> str:
    for number, port in enumerate(ports, start=1):
        text = text.replace(f"<P{number}>", str(port))
    return text


def _workspace(root: Path, config_name: str, config: str, argv: tuple[str, ...]) -> None:
    scripts = {"start": " ".join(("webpack", *argv))}
    write_tree(
        root,
        {
            config_name: config,
            "src/index.js": "console.log('portlint');\n",
            "package.json": json.dumps({"name": "web", "private": True, "scripts": scripts}),
        },
    )


def _addresses(host: str) -> set[str]:
    if host not in ("localhost", "::"):
        return {host}
    return {"::"} if host == "::" else {str(i[4][0]) for i in socket.getaddrinfo("localhost", None)}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_webpack_serve_binds_the_port_portlint_resolved(
    case: Case, webpack_js: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    namespace: NetNamespace | None = request.getfixturevalue("netns") if case.default_port else None
    root = tmp_path / "workspace"
    ports = free_ports(2)
    argv = tuple(_fill(a, ports) for a in case.argv)
    _workspace(root, case.config_name, _fill(case.config, ports), argv)
    claim = the_claim(listen_claims(root, {}), origin=case.origin)
    assert claim.when_taken.action is case.taken
    (root / "node_modules").symlink_to(webpack_js.parents[2], target_is_directory=True)

    prefix = namespace.prefix if namespace else []
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBPACK_DEV_SERVER")}
    with started(["node", str(webpack_js), *argv], root, env, prefix) as server:
        said = server.wait_for(LOOPBACK, START_TIMEOUT)
        bound = {b for b in listening(server.pid, prefix) if b.port == int(said["port"])}

    assert int(said["port"]) == claim.port, f"portlint: {claim.port} ({claim.origin})\n{server.text}"
    assert {b.address for b in bound} == _addresses(claim.host), bound


def test_the_search_moves_past_a_taken_8080(webpack_js: Path, tmp_path: Path, netns: NetNamespace) -> None:
    root = tmp_path / "workspace"
    _workspace(root, "webpack.config.js", "module.exports = { mode: 'development', devServer: {} };\n", ("serve",))
    claim = the_claim(listen_claims(root, {}), origin="first free port from 8080")
    (root / "node_modules").symlink_to(webpack_js.parents[2], target_is_directory=True)
    # Another server on every address (dual stack), as the dev server itself would bind.
    hold = "import signal,socket;s=socket.create_server(('::',8080),family=socket.AF_INET6,dualstack_ipv6=True)"
    holder = [sys.executable, "-c", f"{hold};print('ready',flush=True);signal.pause()"]
    with started(holder, root, dict(os.environ), netns.prefix) as held:
        held.wait_for(r"(?m)^ready$", 30.0)
        with started(["node", str(webpack_js), "serve"], root, dict(os.environ), netns.prefix) as server:
            said = server.wait_for(LOOPBACK, START_TIMEOUT)
    assert claim.port == 8080 and claim.movable
    assert int(said["port"]) > 8080, server.text


def test_a_taken_written_port_stops_the_server(webpack_js: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    config = f"module.exports = {{ mode: 'development', devServer: {{ port: {port}, host: '127.0.0.1' }} }};\n"
    _workspace(root, "webpack.config.js", config, ("serve",))
    claim = the_claim(listen_claims(root, {}), origin="devServer.port")
    (root / "node_modules").symlink_to(webpack_js.parents[2], target_is_directory=True)
    with (
        socket.create_server(("127.0.0.1", port)),
        started(["node", str(webpack_js), "serve"], root, dict(os.environ)) as server,
    ):
        status = server.wait_for_exit(START_TIMEOUT)
    assert (claim.port, claim.when_taken.action) == (port, Taken.FAILS)
    assert status != 0 and "EADDRINUSE" in server.text, server.text
