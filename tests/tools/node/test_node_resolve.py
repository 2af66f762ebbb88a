"""Node servers' port precedence, from `.listen(...)` and the commands that run them to claims (checked
against real Node 20 and Express 5 by tests/fidelity/test_node_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core.model import Claim, Role, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree

SERVER = "require('dotenv').config()\nconst app = require('express')()\napp.listen(process.env.PORT || 3001)\n"


def claims_of(root: Path, files: dict[str, str], environ: dict[str, str] | None = None) -> list[Claim]:
    write_tree(root, files)
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    return [c for c in resolve(facts, str(root), environ or {}) if c.role is Role.LISTEN]


def ports(claims: list[Claim]) -> list[tuple[int, str]]:
    return [(c.port, c.origin) for c in claims]


def scripts(**named: str) -> str:
    return json.dumps({"scripts": named})


def test_the_default_after_process_env_port_binds_every_address_and_fails_when_taken(tmp_path: Path) -> None:
    (claim,) = claims_of(tmp_path, {"api/server.js": SERVER})
    assert (claim.service, claim.host, claim.port, claim.when_taken.action) == (
        "node api/server.js",
        "::",
        3001,
        Taken.FAILS,
    )
    assert claim.origin == "api/server.js: process.env.PORT unset, the default after it"


def test_dotenv_fills_port_only_when_the_code_loads_it(tmp_path: Path) -> None:
    files = {"server.js": SERVER, ".env": "PORT=4001\n"}
    assert ports(claims_of(tmp_path / "a", files)) == [(4001, "PORT in .env, read by server.js")]
    plain = {"server.js": SERVER.replace("require('dotenv').config()\n", ""), ".env": "PORT=4001\n"}
    assert [p for p, _ in ports(claims_of(tmp_path / "b", plain))] == [3001]


def test_the_commands_own_environment_wins_over_the_real_one_and_dotenv(tmp_path: Path) -> None:
    files = {
        "server.js": SERVER,
        ".env": "PORT=4001\n",
        "package.json": scripts(
            dev="PORT=5055 nodemon server.js", start="node server.js", env="PORT=$X node server.js"
        ),
    }
    claims = claims_of(tmp_path, files, {"PORT": "7000"})
    assert ports(claims) == [
        (5055, 'PORT set in package.json script "dev", run by package.json script "dev"'),
        (7000, 'PORT in the environment, run by package.json script "start"'),
    ]
    assert not claims[1].names_port  # the real environment: no file to edit


def test_a_literal_port_and_host(tmp_path: Path) -> None:
    files = {"src/main.ts": "const server = createServer(handler)\nserver.listen(8080, 'localhost')\n"}
    (claim,) = claims_of(tmp_path, files)
    assert (claim.host, claim.port, claim.origin) == ("localhost", 8080, "src/main.ts: the port passed to listen")
