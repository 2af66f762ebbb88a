"""Real firebase-tools (`emulators:start --only hosting`, demo project: offline) binds the port portlint
resolved; a default port moves upward when taken (portlint: movable), a configured one fails (fixed).

firebase-tools is installed with npm into tests/.cache/firebase-tools once (pinned version). Hosting needs no
Java. Cases about the default port 5000 run in a private network namespace, where 5000 is surely free
unless the test holds it with the AirPlay stand-in.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from portlint.core.model import Claim

from .bound import listening
from .netns import NetNamespace
from .npm_cache import node_version, npm_installed
from .running import Running, started
from .workspace import free_ports, listen_claims, the_claim, write_tree

pytestmark = pytest.mark.fidelity

FIREBASE_TOOLS = "15.34.2"
NODE_NEEDED = (20, 0)  # firebase-tools 15: node >= 20
PROJECT = "demo-portlint"  # demo- projects need no login and no network
START_TIMEOUT = 120.0
STANDIN_TIMEOUT = 15.0
AIRPLAY = Path(__file__).resolve().parents[2] / "examples" / "standins" / "airplay.py"
HOSTING_SERVES = rf"hosting\[{PROJECT}\]: Local server: http://(?P<host>\[[^\]]+\]|[^\s/:]+):(?P<port>\d+)"
READY = r"All emulators ready"
DEFAULT_HOSTING_PORT = 5000


@pytest.fixture(scope="module")
def firebase_js() -> Path:
    if node_version() < NODE_NEEDED:
        pytest.skip(f"firebase-tools {FIREBASE_TOOLS} needs Node {NODE_NEEDED[0]}+; this node is {node_version()}")
    folder = npm_installed("firebase-tools", {"firebase-tools": FIREBASE_TOOLS})
    return folder / "node_modules" / "firebase-tools" / "lib" / "bin" / "firebase.js"


def _workspace(root: Path, hosting: dict[str, object]) -> None:
    firebase_json = {"hosting": {"public": "public"}, "emulators": {"hosting": hosting, "ui": {"enabled": False}}}
    write_tree(root, {"firebase.json": json.dumps(firebase_json, indent=2), "public/index.html": "<p>portlint</p>\n"})


def _hosting_claim(root: Path) -> Claim:
    return the_claim(listen_claims(root, {}), origin="hosting", service="firebase hosting emulator")


@contextmanager
def _emulators(firebase_js: Path, root: Path, prefix: Sequence[str] = ()) -> Iterator[Running]:
    env = dict(os.environ) | {"XDG_CONFIG_HOME": str(root.parent / "xdg-config")}  # keep the user's config out
    argv = ["node", str(firebase_js), "emulators:start", "--only", "hosting", "--project", PROJECT]
    with started(argv, root, env, prefix) as firebase:
        yield firebase


@contextmanager
def _airplay_standin(port: int, prefix: Sequence[str] = ()) -> Iterator[Running]:
    argv = [sys.executable, str(AIRPLAY), "--port", str(port), "--host", "127.0.0.1"]
    with started(argv, AIRPLAY.parent, dict(os.environ), prefix) as standin:
        standin.wait_for(r"(?m)^ready \d+", STANDIN_TIMEOUT)
        yield standin


def _localhost_addresses() -> set[str]:
    return {str(info[4][0]) for info in socket.getaddrinfo("localhost", None, type=socket.SOCK_STREAM)}


def _serving_port(firebase: Running, prefix: Sequence[str] = ()) -> int:
    """The hosting port firebase-tools announced, checked against the kernel: its pid listens there, on
    localhost's addresses only."""
    firebase.wait_for(READY, START_TIMEOUT)
    said = firebase.wait_for(HOSTING_SERVES, 1.0)
    port = int(said["port"])
    on_port = {b for b in listening(firebase.pid, prefix) if b.port == port}
    assert on_port, f"firebase-tools said hosting serves on {port}, the kernel shows no such socket\n{firebase.text}"
    assert {b.address for b in on_port} <= _localhost_addresses() | {"127.0.0.1", "::1"}, on_port
    return port


def test_explicit_hosting_port_is_bound(firebase_js: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    _workspace(root, {"port": port})
    claim = _hosting_claim(root)
    assert (claim.port, claim.explicit, claim.movable) == (port, True, False)

    with _emulators(firebase_js, root) as firebase:
        assert _serving_port(firebase) == claim.port


def test_default_hosting_port_5000_is_bound(firebase_js: Path, tmp_path: Path, netns: NetNamespace) -> None:
    root = tmp_path / "workspace"
    _workspace(root, {})
    claim = _hosting_claim(root)
    assert (claim.port, claim.explicit, claim.movable) == (DEFAULT_HOSTING_PORT, False, True)

    with _emulators(firebase_js, root, netns.prefix) as firebase:
        assert _serving_port(firebase, netns.prefix) == claim.port


def test_default_hosting_port_taken_moves_upward(firebase_js: Path, tmp_path: Path, netns: NetNamespace) -> None:
    root = tmp_path / "workspace"
    _workspace(root, {})
    claim = _hosting_claim(root)
    assert (claim.port, claim.movable) == (DEFAULT_HOSTING_PORT, True)

    with _airplay_standin(claim.port, netns.prefix), _emulators(firebase_js, root, netns.prefix) as firebase:
        port = _serving_port(firebase, netns.prefix)
        assert port > claim.port, f"hosting did not move away from the taken {claim.port}:\n{firebase.text}"
        assert f"unable to start on port {claim.port}, starting on {port} instead" in firebase.text
        assert claim.port not in {b.port for b in listening(firebase.pid, netns.prefix)}


def test_explicit_hosting_port_taken_fails(firebase_js: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    _workspace(root, {"port": port})
    claim = _hosting_claim(root)
    assert (claim.port, claim.explicit, claim.movable) == (port, True, False)

    with _airplay_standin(port), _emulators(firebase_js, root) as firebase:
        status = firebase.wait_for_exit(START_TIMEOUT)
        assert status != 0, firebase.text
        assert f"Port {port} is not open" in firebase.text, firebase.text
        assert "All emulators ready" not in firebase.text


# ---- which emulators start (no `--only`): every port portlint claims is bound, and nothing else ----------


def _start_all(firebase_js: Path, root: Path, prefix: Sequence[str]) -> AbstractContextManager[Running]:
    env = dict(os.environ) | {"XDG_CONFIG_HOME": str(root.parent / "xdg-config")}
    argv = ["node", str(firebase_js), "emulators:start", "--project", PROJECT]
    return started(argv, root, env, prefix)


@pytest.mark.parametrize(
    "firebase_json",
    [
        # No emulators block, as most real firebase.json files: hosting on its default 5000; hub and logging.
        pytest.param({"hosting": {"public": "public"}}, id="hosting-config-without-emulators-block"),
        # An entry whose product has no config is skipped; an auth entry starts auth (UI off: it is a download).
        pytest.param(
            {"emulators": {"hosting": {"port": 5000}, "auth": {}, "ui": {"enabled": False}}},
            id="hosting-entry-without-hosting-config",
        ),
    ],
)
def test_the_emulators_portlint_claims_are_the_ones_that_start(
    firebase_js: Path, tmp_path: Path, netns: NetNamespace, firebase_json: dict[str, object]
) -> None:
    root = tmp_path / "workspace"
    write_tree(root, {"firebase.json": json.dumps(firebase_json), "public/index.html": "<p>portlint</p>\n"})
    claimed = {c.port for c in listen_claims(root, {})}

    with _start_all(firebase_js, root, netns.prefix) as firebase:
        firebase.wait_for(READY, START_TIMEOUT)
        bound = {b.port for b in listening(firebase.pid, netns.prefix)}
        assert bound == claimed, f"portlint claims {sorted(claimed)}, firebase-tools listens on {sorted(bound)}"


def test_old_top_level_hosting_keys_start_nothing(firebase_js: Path, tmp_path: Path, netns: NetNamespace) -> None:
    root = tmp_path / "workspace"
    legacy = {"firebase": "demo", "public": "public", "ignore": ["firebase.json"]}
    write_tree(root, {"firebase.json": json.dumps(legacy), "public/index.html": "<p>portlint</p>\n"})
    assert listen_claims(root, {}) == []

    with _start_all(firebase_js, root, netns.prefix) as firebase:
        assert firebase.wait_for_exit(START_TIMEOUT) != 0
        assert "No emulators to start" in firebase.text, firebase.text
