"""Create React App's port rules (react-scripts 5.0.1 `scripts/start.js` and `config/env.js`, read from its
source: not run here, as react-scripts and its webpack toolchain are a large install)."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core.model import Claim, Role, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree

PACKAGE = {"name": "web", "proxy": "http://localhost:5000", "scripts": {"start": "react-scripts start"}}


def claims_of(root: Path, files: dict[str, str], environ: dict[str, str] | None = None) -> list[Claim]:
    write_tree(root, files)
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    return resolve(facts, str(root), environ or {})


def test_default_3000_on_every_ipv4_address_asks_when_taken(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, {"package.json": json.dumps(PACKAGE)})
    (start,) = [c for c in claims if c.role is Role.LISTEN]
    assert (start.host, start.port, start.explicit, start.when_taken.action) == ("0.0.0.0", 3000, False, Taken.ASKS)
    (proxy,) = [c for c in claims if c.role is Role.CONNECT]
    assert (proxy.service, proxy.port, proxy.target) == (
        "react-scripts proxy (package.json)",
        5000,
        "http://localhost:5000",
    )


def test_env_files_in_react_scripts_order_and_the_environment_first(tmp_path: Path) -> None:
    files = {
        "package.json": json.dumps(PACKAGE),
        ".env": "PORT=3002\nHOST=127.0.0.1\n",
        ".env.development": "PORT=3003\n",
        ".env.local": "PORT=3001\n",
    }
    (start,) = [c for c in claims_of(tmp_path / "a", files) if c.role is Role.LISTEN]
    assert (start.host, start.port, start.origin) == (
        "127.0.0.1",
        3001,
        'PORT in .env.local, used by package.json script "start"',
    )
    (start,) = [c for c in claims_of(tmp_path / "b", files, {"PORT": "4000"}) if c.role is Role.LISTEN]
    assert (start.port, start.names_port) == (4000, False)


def test_the_scripts_own_port_and_parse_int(tmp_path: Path) -> None:
    package = PACKAGE | {"scripts": {"start": "PORT=3005abc react-scripts start", "craco": "PORT=0 craco start"}}
    listens = [c for c in claims_of(tmp_path, {"package.json": json.dumps(package)}) if c.role is Role.LISTEN]
    assert [c.port for c in listens] == [3005, 3000]  # parseInt("3005abc") = 3005; `|| 3000` for 0
