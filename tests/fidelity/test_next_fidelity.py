"""The real Next.js dev server (`next dev`) binds the port portlint resolved: 3000 by default, `-p`, `PORT`
from the script's own environment; on a taken port the default moves upward while `-p` stops the server.

next 16.4.6 with react / react-dom 19.3.1 (pinned) is installed with npm into tests/.cache/next once
(about 21 s, 340 MB: the largest of the JavaScript tools, mostly the SWC binary).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portlint.core.model import Role, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace

from .bound import listening
from .netns import NetNamespace
from .npm_cache import npm_installed
from .running import started
from .workspace import free_ports, listen_claims, the_claim, write_tree

pytestmark = pytest.mark.fidelity

DEPENDENCIES = {"next": "16.4.6", "react": "19.3.1", "react-dom": "19.3.1"}
START_TIMEOUT = 90.0
LOCAL = r"Local:\s+http://(?P<host>\[[^\]]+\]|[^\s/:]+):(?P<port>\d+)"
PAGE = "export default function Home() { return <p>portlint</p> }\n"


@dataclass(frozen=True)
class Case:
    id: str
    script: str  # package.json "dev"; <P1> is a free port
    origin: str
    taken: Taken
    env: dict[str, str] = field(default_factory=dict)
    default_port: bool = False


CASES = [
    Case("default-3000", "next dev", "Next.js default port 3000", Taken.MOVES_UP, default_port=True),
    Case("port-option", "next dev -p <P1>", '-p in package.json script "dev"', Taken.FAILS),
    Case("port-variable", "PORT=<P1> next dev", 'PORT set in package.json script "dev"', Taken.FAILS, {"PORT": "<P1>"}),
]


@pytest.fixture(scope="module")
def next_js() -> Path:
    return npm_installed("next", DEPENDENCIES) / "node_modules" / "next" / "dist" / "bin" / "next"


def _workspace(root: Path, script: str) -> None:
    package = {"name": "web", "private": True, "scripts": {"dev": script}}
    write_tree(root, {"package.json": json.dumps(package), "pages/index.js": PAGE})


def _environment(extra: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k != "PORT"}
    return base | {"NEXT_TELEMETRY_DISABLED": "1"} | extra


def _argv(next_js: Path, script: str) -> list[str]:
    words = [w for w in script.split() if "=" not in w]
    return ["node", str(next_js), *words[1:]]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_next_dev_binds_the_port_portlint_resolved(
    case: Case, next_js: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    namespace: NetNamespace | None = request.getfixturevalue("netns") if case.default_port else None
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    script = case.script.replace("<P1>", str(port))
    _workspace(root, script)
    claim = the_claim(listen_claims(root, {}), origin=case.origin)
    assert claim.when_taken.action is case.taken
    (root / "node_modules").symlink_to(next_js.parents[3], target_is_directory=True)

    prefix = namespace.prefix if namespace else []
    env = _environment({k: v.replace("<P1>", str(port)) for k, v in case.env.items()})
    with started(_argv(next_js, script), root, env, prefix) as server:
        said = server.wait_for(LOCAL, START_TIMEOUT)
        bound = {b for b in listening(server.pid, prefix) if b.port == int(said["port"])}

    assert int(said["port"]) == claim.port, f"portlint: {claim.port} ({claim.origin})\n{server.text}"
    assert {b.address for b in bound} == {claim.host}, bound


def _holding(port: int) -> list[str]:
    hold = f"import signal,socket;s=socket.create_server(('::',{port}),family=socket.AF_INET6,dualstack_ipv6=True)"
    return [sys.executable, "-c", f"{hold};print('ready',flush=True);signal.pause()"]


def test_the_default_moves_upward_when_taken(next_js: Path, tmp_path: Path, netns: NetNamespace) -> None:
    root = tmp_path / "workspace"
    _workspace(root, "next dev")
    claim = the_claim(listen_claims(root, {}), origin="Next.js default port")
    (root / "node_modules").symlink_to(next_js.parents[3], target_is_directory=True)
    with started(_holding(3000), root, dict(os.environ), netns.prefix) as held:
        held.wait_for(r"(?m)^ready$", 30.0)
        with started(_argv(next_js, "next dev"), root, _environment({}), netns.prefix) as server:
            said = server.wait_for(LOCAL, START_TIMEOUT)
    assert (claim.port, claim.movable) == (3000, True)
    assert int(said["port"]) == 3001, server.text


def test_a_taken_port_option_stops_next(next_js: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    _workspace(root, f"next dev -p {port}")
    claim = the_claim(listen_claims(root, {}), origin="-p in")
    (root / "node_modules").symlink_to(next_js.parents[3], target_is_directory=True)
    with started(_holding(port), root, dict(os.environ)) as held:
        held.wait_for(r"(?m)^ready$", 30.0)
        with started(_argv(next_js, f"next dev -p {port}"), root, _environment({})) as server:
            status = server.wait_for_exit(START_TIMEOUT)
    assert (claim.port, claim.movable) == (port, False)
    assert status != 0 and "EADDRINUSE" in server.text, server.text


BACKEND = (
    "import http.server,sys\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def do_GET(self):\n"
    "        body=('backend saw '+self.path).encode()\n"
    "        self.send_response(200);self.send_header('Content-Length',str(len(body)));self.end_headers()\n"
    "        self.wfile.write(body)\n"
    "    def log_message(self,*a):pass\n"
    "s=http.server.HTTPServer(('127.0.0.1',int(sys.argv[1])),H)\n"
    "print('ready',flush=True);s.serve_forever()\n"
)


def test_a_rewrite_connects_where_its_claim_says(next_js: Path, tmp_path: Path) -> None:
    """`next dev` proxies a rewrite whose destination is another server's URL to that host and port: the
    rewrite's connect claim names where the request really goes."""
    root = tmp_path / "workspace"
    backend_port, next_port = free_ports(2)
    destination = f"http://127.0.0.1:{backend_port}/v1/:path*"
    rewrite_entry = f"{{ source: '/api/:path*', destination: '{destination}' }}"
    config = f"module.exports = {{\n  async rewrites() {{\n    return [{rewrite_entry}]\n  }},\n}}\n"
    _workspace(root, f"next dev -p {next_port}")
    write_tree(root, {"next.config.js": config})
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    (rewrite,) = [c for c in resolve(facts, str(root), {}) if c.role is Role.CONNECT]
    (root / "node_modules").symlink_to(next_js.parents[3], target_is_directory=True)
    with started([sys.executable, "-c", BACKEND, str(backend_port)], root, dict(os.environ)) as backend:
        backend.wait_for(r"(?m)^ready$", 30.0)
        with started(_argv(next_js, f"next dev -p {next_port}"), root, _environment({})) as server:
            server.wait_for(LOCAL, START_TIMEOUT)
            with urllib.request.urlopen(f"http://127.0.0.1:{next_port}/api/hello", timeout=START_TIMEOUT) as reply:
                body = reply.read().decode()
    assert body == "backend saw /v1/hello", server.text
    assert (rewrite.host, rewrite.port, rewrite.target) == ("127.0.0.1", backend_port, destination)
