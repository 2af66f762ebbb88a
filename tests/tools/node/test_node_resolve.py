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


INDEX = "const app = require('express')()\napp.listen(process.env.PORT || 5000)\n"
FUNCTIONS_INDEX = "const functions = require('firebase-functions')\nconst app = require('express')()\n" + (
    "if (require.main === module) app.listen(3000)\nexports.app = functions.https.onRequest(app)\n"
)


def test_an_index_file_is_a_server_when_a_command_or_main_names_it(tmp_path: Path) -> None:
    files = {
        "api/index.js": INDEX,
        "api/package.json": scripts(start="node index.js"),
        "worker/index.mjs": INDEX.replace("5000", "5100"),
        "worker/package.json": json.dumps({"main": "index.mjs"}),
        "lib/index.ts": INDEX.replace("5000", "5200"),  # named by nothing: not a server portlint resolves
    }
    found = claims_of(tmp_path, files)
    assert [(c.service, c.port) for c in found] == [("node api/index.js", 5000), ("node worker/index.mjs", 5100)]
    assert found[0].origin.endswith('run by package.json script "start"')


def test_a_built_script_not_in_the_workspace_is_read_from_its_source(tmp_path: Path) -> None:
    files = {"package.json": scripts(start="PORT=4100 node dist/index.js"), "src/index.ts": INDEX}
    (claim,) = claims_of(tmp_path, files)
    assert (claim.service, claim.port) == ("node src/index.ts", 4100)  # the command's PORT: it runs that file


def test_firebase_functions_index_stays_a_cloud_functions_source(tmp_path: Path) -> None:
    """functions/package.json's "main" names functions/index.js, which also listens when run directly; with
    firebase.json's `functions` it is a Cloud Functions source, never a Node server. Without firebase.json,
    the same "main" makes it one (the guess is only a guess when nothing else names the file)."""
    files = {
        "functions/package.json": json.dumps({"main": "index.js", "dependencies": {"firebase-functions": "^6"}}),
        "functions/index.js": FUNCTIONS_INDEX,
    }
    assert [c.port for c in claims_of(tmp_path, files)] == [3000]
    files["firebase.json"] = json.dumps({"functions": {"source": "functions"}})
    write_tree(tmp_path, files)
    facts, _ = load_workspace(str(tmp_path))
    assert [c for c in resolve(facts, str(tmp_path), {}) if c.tool == "node"] == []
    assert any(type(f).__name__ == "FunctionExports" and f.file.endswith("functions/index.js") for f in facts)


def test_nx_express_apps_port_ternary_and_host_default(tmp_path: Path) -> None:
    """Nx's Express generator: `process.env.PORT ? Number(process.env.PORT) : 3333` on
    `process.env.HOST ?? 'localhost'`; PORT set in the environment wins, as with `||`."""
    main = (
        "const host = process.env.HOST ?? 'localhost';\n"
        "const port = process.env.PORT ? Number(process.env.PORT) : 3333;\n"
        "require('express')().listen(port, host);\n"
    )
    (claim,) = claims_of(tmp_path, {"apps/api/src/main.ts": main})
    assert (claim.host, claim.port) == ("localhost", 3333)
    (claim,) = claims_of(tmp_path, {"apps/api/src/main.ts": main}, {"PORT": "3400"})
    assert claim.port == 3400
