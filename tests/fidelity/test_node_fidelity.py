"""Real Node servers (Express 5, plain `http.createServer`) bind the port portlint resolved from their
`.listen(...)` calls: a literal port and host, `process.env.PORT || N` with PORT from the command's
environment, from `.env` through dotenv and through `node --env-file`, the default when PORT is unset, and
express-generator's `normalizePort` / `app.set('port')`; a taken port stops the process (EADDRINUSE).

express 5.3.0 and dotenv 18.0.10 (pinned) are installed with npm into tests/.cache/express once (about
6 s, 3 MB).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portlint.core.model import Taken

from .bound import listening
from .npm_cache import npm_installed
from .running import started
from .workspace import free_ports, listen_claims, the_claim, write_tree

pytestmark = pytest.mark.fidelity

DEPENDENCIES = {"express": "5.3.0", "dotenv": "18.0.10"}
START_TIMEOUT = 30.0
SAYS = r"(?m)^listening (?P<port>\d+)$"
EXPRESS_ENV_DEFAULT = """require('dotenv').config({ quiet: true })
const express = require('express')
const app = express()
const PORT = process.env.PORT || <P1>
app.get('/', (req, res) => res.send('ok'))
const server = app.listen(PORT, () => console.log(`listening ${server.address().port}`))
"""
GENERATOR_WWW = """const http = require('http')
const port = normalizePort(process.env.PORT || '<P1>')
function normalizePort(value) { const port = parseInt(value, 10); return isNaN(port) ? value : port }
const server = http.createServer((req, res) => res.end('ok'))
server.listen(port)
server.on('listening', () => console.log(`listening ${server.address().port}`))
"""
LITERAL_HOST = """import http from 'node:http'
const server = http.createServer((req, res) => res.end('ok'))
server.listen({ port: <P1>, host: '127.0.0.1' }, () => console.log(`listening ${server.address().port}`))
"""


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    argv: tuple[str, ...]
    origin: str
    env: dict[str, str] = field(default_factory=dict)  # the command's own environment


CASES = [
    Case(
        "default-when-port-unset",
        {"server.js": EXPRESS_ENV_DEFAULT},
        ("server.js",),
        "process.env.PORT unset, the default after it",
    ),
    Case(
        "port-from-dotenv",
        {"server.js": EXPRESS_ENV_DEFAULT, ".env": "PORT=<P2>\n"},
        ("server.js",),
        "PORT in .env, read by server.js",
    ),
    Case(
        "port-from-the-scripts-environment-over-dotenv",
        {
            "server.js": EXPRESS_ENV_DEFAULT,
            ".env": "PORT=<P2>\n",
            "package.json": json.dumps({"scripts": {"start": "PORT=<P3> node server.js"}}),
        },
        ("server.js",),
        'PORT set in package.json script "start"',
        env={"PORT": "<P3>"},
    ),
    Case(
        "node-env-file",
        {
            "bin/www": GENERATOR_WWW,
            "local.env": "PORT=<P2>\n",
            "package.json": json.dumps({"scripts": {"start": "node --env-file=local.env bin/www"}}),
        },
        ("--env-file=local.env", "bin/www"),
        "PORT in local.env, read by bin/www",
    ),
    Case("literal-port-and-host", {"app.mjs": LITERAL_HOST}, ("app.mjs",), "the port passed to listen"),
]


@pytest.fixture(scope="module")
def node_modules() -> Path:
    return npm_installed("express", DEPENDENCIES) / "node_modules"


def _fill(text: str, ports: list[int]) -> str:
    for number, port in enumerate(ports, start=1):
        text = text.replace(f"<P{number}>", str(port))
    return text


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_node_binds_the_port_portlint_resolved(case: Case, node_modules: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    ports = free_ports(3)
    write_tree(root, {name: _fill(text, ports) for name, text in case.files.items()})
    claim = the_claim(listen_claims(root, {}), origin=case.origin)
    assert claim.when_taken.action is Taken.FAILS
    (root / "node_modules").symlink_to(node_modules, target_is_directory=True)

    env = {k: v for k, v in os.environ.items() if k != "PORT"} | {k: _fill(v, ports) for k, v in case.env.items()}
    with started(["node", *case.argv], root, env) as server:
        said = server.wait_for(SAYS, START_TIMEOUT)
        bound = {b for b in listening(server.pid) if b.port == int(said["port"])}

    assert int(said["port"]) == claim.port, f"portlint: {claim.port} ({claim.origin})\n{server.text}"
    assert {b.address for b in bound} == {claim.host}, bound


def test_a_taken_port_stops_node_with_eaddrinuse(node_modules: Path, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    (port,) = free_ports(1)
    write_tree(root, {"server.js": _fill(GENERATOR_WWW, [port])})  # Express 5 hands the error to its callback
    claim = the_claim(listen_claims(root, {}), origin="the default after it")
    (root / "node_modules").symlink_to(node_modules, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "PORT"}
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as holder:
        holder.bind(("::", port))
        holder.listen()
        with started(["node", "server.js"], root, env) as server:
            status = server.wait_for_exit(START_TIMEOUT)
    assert claim.port == port and claim.when_taken.action is Taken.FAILS
    assert status != 0 and f"EADDRINUSE: address already in use :::{port}" in server.text, server.text
