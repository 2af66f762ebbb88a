"""The real Vite dev and preview servers bind the port portlint resolved, and move (or fail) on a taken
port as the claim's `when_taken` says: the default 5173, `server.port`, `--port` over the config, a root
folder argument, `strictPort`, and `vite preview`'s own 4173 default.

Vite 8 (pinned) is installed with npm into tests/.cache/vite once (about 8 s, 30 MB); each test workspace
links its node_modules there, after portlint has read the workspace.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from portlint.core.model import Taken

from .bound import listening
from .netns import NetNamespace
from .npm_cache import node_version, npm_installed
from .running import started
from .workspace import free_ports, listen_claims, the_claim, write_tree

pytestmark = pytest.mark.fidelity

VITE = "8.4.0"
NODE_NEEDED = (20, 19)  # Vite 8: ^20.19.0 || >=22.12.0
START_TIMEOUT = 60.0
LOCAL = r"Local:\s+http://(?P<host>\[[^\]]+\]|[^\s/:]+):(?P<port>\d+)/"
INDEX_HTML = "<!doctype html>\n<html><body><p>portlint</p></body></html>\n"


@dataclass(frozen=True)
class Case:
    id: str
    config: str  # vite.config.ts; <P1>.. are free ports
    argv: tuple[str, ...]  # after `vite`
    origin: str  # picks portlint's claim
    taken: Taken
    folder: str = "."  # where the config lives
    scripts: dict[str, str] | None = None
    default_port: bool = False  # 5173 / 4173: run in a private network namespace


CASES = [
    Case(
        "default-5173",
        "import { defineConfig } from 'vite'\n\nexport default defineConfig({})\n",
        (),
        "Vite default server port 5173",
        Taken.MOVES_UP,
        default_port=True,
    ),
    Case(
        "server-port-from-a-config-function",
        "import { defineConfig } from 'vite'\n\n"
        "export default defineConfig(({ mode }) => ({ server: { port: <P1>, host: '127.0.0.1' } }))\n",
        (),
        "server.port in vite.config.ts",
        Taken.MOVES_UP,
    ),
    Case(
        "host-true-every-address",
        "export default { server: { port: <P1>, host: true } }\n",
        (),
        "server.port in vite.config.ts",
        Taken.MOVES_UP,
    ),
    Case(
        "port-option-over-server-port",
        "export default { server: { port: <P1>, strictPort: true } }\n",
        ("--port", "<P2>"),
        '--port in package.json script "dev"',
        Taken.FAILS,
        scripts={"dev": "vite --port <P2>"},
    ),
    Case(
        "root-folder-argument",
        "export default { server: { port: <P1> } }\n",
        ("client",),
        "server.port in client/vite.config.ts",
        Taken.MOVES_UP,
        folder="client",
        scripts={"dev": "vite client"},
    ),
    Case(
        "preview-default-4173",
        "export default { server: { port: <P1> } }\n",
        ("preview",),
        "Vite default preview port 4173",
        Taken.MOVES_UP,
        scripts={"preview": "vite preview"},
        default_port=True,
    ),
]


@pytest.fixture(scope="module")
def vite_js() -> Path:
    if node_version() < NODE_NEEDED:
        pytest.skip(f"Vite 8 needs Node {NODE_NEEDED[0]}.{NODE_NEEDED[1]}+; this node is {node_version()}")
    return npm_installed("vite", {"vite": VITE}) / "node_modules" / "vite" / "bin" / "vite.js"


def _fill(text: str, ports: list[int]) -> str:
    for number, port in enumerate(ports, start=1):
        text = text.replace(f"<P{number}>", str(port))
    return text


def _workspace(root: Path, case: Case, ports: list[int]) -> None:
    files = {
        f"{case.folder}/vite.config.ts": _fill(case.config, ports),
        f"{case.folder}/index.html": INDEX_HTML,
        f"{case.folder}/dist/index.html": INDEX_HTML,  # what `vite preview` serves (a build's output)
    }
    scripts = {name: _fill(line, ports) for name, line in (case.scripts or {}).items()}
    files["package.json"] = json.dumps({"name": "web", "private": True, "type": "module", "scripts": scripts})
    write_tree(root, files)


@contextmanager
def _held(port: int) -> Iterator[socket.socket]:
    """Another process's listener stands in as a plain socket of this one, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        yield holder


def _localhost_addresses() -> set[str]:
    return {str(info[4][0]) for info in socket.getaddrinfo("localhost", None, type=socket.SOCK_STREAM)}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_vite_binds_the_port_portlint_resolved(
    case: Case, vite_js: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    namespace: NetNamespace | None = request.getfixturevalue("netns") if case.default_port else None
    root = tmp_path / "workspace"
    ports = free_ports(2)
    _workspace(root, case, ports)
    claim = the_claim(listen_claims(root, {}), origin=case.origin)
    assert claim.when_taken.action is case.taken
    (root / "node_modules").symlink_to(vite_js.parents[2], target_is_directory=True)

    prefix = namespace.prefix if namespace else []
    argv = ["node", str(vite_js), *(_fill(a, ports) for a in case.argv)]
    with started(argv, root, dict(os.environ), prefix) as vite:
        said = vite.wait_for(LOCAL, START_TIMEOUT)
        bound = {b for b in listening(vite.pid, prefix) if b.port == int(said["port"])}

    assert int(said["port"]) == claim.port, f"portlint: {claim.port} ({claim.origin})\n{vite.text}"
    assert bound, f"Vite said it serves on {said['port']}, the kernel shows no such socket\n{vite.text}"
    expected = _localhost_addresses() if claim.host == "localhost" else {claim.host}
    assert {b.address for b in bound} <= expected, bound


def test_a_taken_port_moves_vite_upward_without_strict_port(vite_js: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    write_tree(root, {"vite.config.ts": f"export default {{ server: {{ port: {port} }} }}\n"})
    claim = the_claim(listen_claims(root, {}), origin="server.port")
    assert (claim.port, claim.when_taken.action) == (port, Taken.MOVES_UP)
    (root / "node_modules").symlink_to(vite_js.parents[2], target_is_directory=True)

    with _held(port), started(["node", str(vite_js)], root, dict(os.environ)) as vite:
        said = vite.wait_for(LOCAL, START_TIMEOUT)
        assert int(said["port"]) > port, vite.text
        assert f"Port {port} is in use, trying another one..." in vite.text
        assert port not in {b.port for b in listening(vite.pid)}


def test_a_taken_port_stops_vite_with_strict_port(vite_js: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    write_tree(root, {"vite.config.ts": f"export default {{ server: {{ port: {port}, strictPort: true }} }}\n"})
    claim = the_claim(listen_claims(root, {}), origin="server.port")
    assert (claim.port, claim.when_taken.action, claim.pin) == (port, Taken.FAILS, None)
    (root / "node_modules").symlink_to(vite_js.parents[2], target_is_directory=True)

    with _held(port), started(["node", str(vite_js)], root, dict(os.environ)) as vite:
        status = vite.wait_for_exit(START_TIMEOUT)
    assert status != 0, vite.text
    assert f"Port {port} is already in use" in vite.text, vite.text
