"""The real Angular dev server (`ng serve`, builder `@angular/build:dev-server`) binds the port portlint
resolved: configuration port over options port, `--configuration`, `--port`, and the default 4200.

Angular 21 (pinned; it still supports Node 20.19+) is installed with npm into tests/.cache/angular once;
each test workspace links its node_modules there, after portlint has read the workspace.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .bound import listening
from .netns import NetNamespace
from .npm_cache import node_version, npm_installed
from .running import started
from .workspace import free_ports, listen_claims, the_claim, write_tree

pytestmark = pytest.mark.fidelity

ANGULAR = "21.2.26"
ANGULAR_TOOLING = "21.2.27"  # @angular/cli and @angular/build
DEPENDENCIES = {
    "@angular/build": ANGULAR_TOOLING,
    "@angular/cli": ANGULAR_TOOLING,
    "@angular/common": ANGULAR,
    "@angular/compiler": ANGULAR,
    "@angular/compiler-cli": ANGULAR,
    "@angular/core": ANGULAR,
    "@angular/platform-browser": ANGULAR,
    "rxjs": "7.8.2",
    "tslib": "2.8.1",
    "typescript": "5.9.3",
}
NODE_NEEDED = (20, 19)  # Angular 21: ^20.19.0 || ^22.12.0 || >=24.0.0
SERVE_TIMEOUT = 180.0
LOCAL = r"Local:\s+http://(?P<host>\[[^\]]+\]|[^\s/:]+):(?P<port>\d+)/"
DEFAULT_PORT = 4200

MAIN_TS = """import { Component } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';

@Component({ selector: 'app-root', template: '<p>portlint</p>' })
class App {}

bootstrapApplication(App).catch((error) => console.error(error));
"""
INDEX_HTML = '<!doctype html>\n<html><head><base href="/"></head><body><app-root></app-root></body></html>\n'
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2022",
        "module": "preserve",
        "moduleResolution": "bundler",
        "lib": ["ES2022", "dom"],
        "skipLibCheck": True,
    },
    "files": ["src/main.ts"],
}


@dataclass(frozen=True)
class Case:
    id: str
    serve: dict[str, object]  # the serve target's options/configurations/defaultConfiguration; <P1>.. ports
    origin: str  # picks portlint's claim
    ng_args: tuple[str, ...] = ("serve",)
    scripts: dict[str, str] = field(default_factory=dict)  # package.json scripts
    default_port: bool = False  # about 4200: run in a private network namespace


CASES = [
    Case(
        "default-configuration-port-over-options-port",
        {
            "options": {"buildTarget": "web:build", "port": "<P1>"},
            "configurations": {"development": {"port": "<P2>"}},
            "defaultConfiguration": "development",
        },
        origin="configurations.development.port, used by `ng serve`",
    ),
    Case(
        "options-port-when-configuration-has-none",
        {
            "options": {"buildTarget": "web:build", "port": "<P1>"},
            "configurations": {"development": {"buildTarget": "web:build"}},
            "defaultConfiguration": "development",
        },
        origin="options.port, used by `ng serve`",
    ),
    Case(
        "named-configuration-port",
        {
            "options": {"buildTarget": "web:build", "port": "<P1>"},
            "configurations": {"development": {"port": "<P2>"}, "staging": {"port": "<P3>"}},
            "defaultConfiguration": "development",
        },
        ng_args=("serve", "--configuration", "staging"),
        origin="configurations.staging.port, used by `ng serve --configuration staging`",
    ),
    Case(
        "port-option-over-angular-json",
        {
            "options": {"buildTarget": "web:build", "port": "<P1>"},
            "configurations": {"development": {"port": "<P2>"}},
            "defaultConfiguration": "development",
        },
        ng_args=("serve", "--port", "<P3>"),
        scripts={"start": "ng serve --port <P3>"},
        origin='--port in package.json script "start"',
    ),
    Case(
        "default-4200",
        {"options": {"buildTarget": "web:build"}},
        origin="Angular CLI default port 4200",
        default_port=True,
    ),
]


@pytest.fixture(scope="module")
def angular_modules() -> Path:
    if node_version() < NODE_NEEDED:
        pytest.skip(f"Angular 21 needs Node {NODE_NEEDED[0]}.{NODE_NEEDED[1]}+; this node is {node_version()}")
    return npm_installed("angular", DEPENDENCIES) / "node_modules"


def _fill(value: object, ports: list[int]) -> object:
    """`"<P2>"` → the second port (a JSON number); inside longer strings, its digits."""
    if isinstance(value, dict):
        return {k: _fill(v, ports) for k, v in value.items()}
    if isinstance(value, str):
        for number, port in enumerate(ports, start=1):
            if value == f"<P{number}>":
                return port
            value = value.replace(f"<P{number}>", str(port))
    return value


def _angular_json(serve: dict[str, object]) -> str:
    build = {
        "builder": "@angular/build:application",
        "options": {
            "browser": "src/main.ts",
            "index": "src/index.html",
            "tsConfig": "tsconfig.json",
            "outputPath": "dist/web",
            "optimization": False,
        },
    }
    project = {
        "projectType": "application",
        "root": "",
        "sourceRoot": "src",
        "architect": {"build": build, "serve": {"builder": "@angular/build:dev-server", **serve}},
    }
    return json.dumps({"version": 1, "cli": {"analytics": False}, "projects": {"web": project}}, indent=2)


def _localhost_addresses() -> set[str]:
    return {str(info[4][0]) for info in socket.getaddrinfo("localhost", None, type=socket.SOCK_STREAM)}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_ng_serve_binds_the_port_portlint_resolved(
    case: Case, angular_modules: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    namespace: NetNamespace | None = request.getfixturevalue("netns") if case.default_port else None
    root = tmp_path / "workspace"
    ports = free_ports(3)
    serve = _fill(case.serve, ports)
    assert isinstance(serve, dict)
    files = {
        "angular.json": _angular_json(serve),
        "tsconfig.json": json.dumps(TSCONFIG, indent=2),
        "src/main.ts": MAIN_TS,
        "src/index.html": INDEX_HTML,
    }
    if case.scripts:
        files["package.json"] = json.dumps({"name": "web", "private": True, "scripts": _fill(case.scripts, ports)})
    write_tree(root, files)
    claim = the_claim(listen_claims(root, {}), origin=case.origin, service="angular web dev server")
    (root / "node_modules").symlink_to(angular_modules, target_is_directory=True)

    ng = angular_modules / "@angular" / "cli" / "bin" / "ng.js"
    argv = ["node", str(ng), *(str(_fill(a, ports)) for a in case.ng_args)]
    env = dict(os.environ) | {"NG_CLI_ANALYTICS": "false", "NG_FORCE_TTY": "false"}
    prefix = namespace.prefix if namespace else []
    with started(argv, root, env, prefix) as serve:
        said = serve.wait_for(LOCAL, SERVE_TIMEOUT)
        bound = {b for b in listening(serve.pid, prefix) if b.port == int(said["port"])}

    assert int(said["port"]) == claim.port, f"portlint: {claim.port} ({claim.origin})\n{serve.text}"
    assert bound, f"ng serve said it serves on {said['port']}, the kernel shows no such socket\n{serve.text}"
    assert claim.host == "localhost"
    assert {b.address for b in bound} <= _localhost_addresses(), bound
