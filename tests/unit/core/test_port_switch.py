"""`switch_port_edits`: the edits are applied to the real files, and the whole result is compared.

Each case is a small workspace written to a temporary folder, read and resolved as the CLI does; the
claim of one service is switched, and every file the edits touch must then read exactly as expected.
The round trips at the end switch services of the fixture workspaces and resolve the edited copy again.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portlint.core.addresses import is_local_target
from portlint.core.model import Claim, Location, Part, Position, Range, Role, TextEdit
from portlint.core.port_switch import switch_port_edits
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace

FIXTURE_WORKSPACES = Path(__file__).parents[2] / "fixtures" / "workspaces"

# ---- applying edits --------------------------------------------------------------------------------


def offset_of(text: str, position: Position) -> int:
    """The str offset of an LSP position (0-based line, UTF-16 character)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = line.encode("utf-16-le", "surrogatepass")[: 2 * position.character]
    return start + len(units.decode("utf-16-le", "surrogatepass"))


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """The text after the edits, applied back to front as an editor applies one WorkspaceEdit."""
    for edit in sorted(edits, key=lambda e: e.range, reverse=True):
        start, end = offset_of(text, edit.range.start), offset_of(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def apply_to_folder(root: Path, edits: tuple[TextEdit, ...]) -> dict[str, str]:
    """Apply edits to the files under `root`; the new text of every file touched, by relative path."""
    changed: dict[str, str] = {}
    for file in sorted({edit.file for edit in edits}):
        path = Path(file)
        mine = [edit for edit in edits if edit.file == file]
        if any(edit.create_file for edit in mine):
            assert not path.exists(), f"{file} would be created but exists"
            text = ""
        else:
            text = path.read_bytes().decode("utf-8")
        text = apply_edits(text, mine)
        path.write_bytes(text.encode("utf-8"))
        changed[path.relative_to(root).as_posix()] = text
    return changed


def claims_of(root: Path) -> list[Claim]:
    facts, _ = load_workspace(str(root))
    return resolve(facts, str(root), environ={})


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


# ---- the cases -------------------------------------------------------------------------------------

FLASK_APP = "from flask import Flask\n\napp = Flask(__name__)\n"
ANGULAR_WITH_PROXY = """{
  "projects": {
    "web": {
      "architect": {
        "serve": {
          "options": {"port": 4200, "proxyConfig": "proxy.conf.json"}
        }
      }
    }
  }
}
"""
PROXY = '{\n  "/api": {"target": "http://localhost:5000", "secure": false}\n}\n'


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str]
    service: str  # the service whose listen claim is switched
    new_port: int
    expected: dict[str, str] = field(default_factory=dict)  # every file the edits touch, whole
    old_port: int | None = None  # which of the service's claims, when it has several


CASES = [
    Case(
        "flask via .flaskenv, and the proxy target that points at it",
        {"app.py": FLASK_APP, ".flaskenv": "FLASK_APP=app.py\nFLASK_RUN_PORT=5000\n",
         "angular.json": ANGULAR_WITH_PROXY, "proxy.conf.json": PROXY},
        "flask app.py",
        5001,
        {".flaskenv": "FLASK_APP=app.py\nFLASK_RUN_PORT=5001\n",
         "proxy.conf.json": '{\n  "/api": {"target": "http://localhost:5001", "secure": false}\n}\n'},
    ),
    Case(
        "flask default without .flaskenv: one is created",
        {"app.py": FLASK_APP},
        "flask app.py",
        5001,
        {".flaskenv": "FLASK_RUN_PORT=5001\n"},
    ),
    Case(
        "flask default with a .flaskenv that has no final newline",
        {"app.py": FLASK_APP, ".flaskenv": "FLASK_APP=app.py  # the app"},
        "flask app.py",
        5001,
        {".flaskenv": "FLASK_APP=app.py  # the app\nFLASK_RUN_PORT=5001\n"},
    ),
    Case(
        "a .env that sets no port is read first, yet the port goes into .flaskenv",
        {"app.py": FLASK_APP, ".env": "SECRET_KEY=dev\n"},
        "flask app.py",
        5001,
        {".flaskenv": "FLASK_RUN_PORT=5001\n"},
    ),
    Case(
        "flask run from a subfolder appends to the .flaskenv above it",
        {"api/app.py": FLASK_APP, ".flaskenv": "# shared\n",
         ".vscode/launch.json": '{"configurations": [{"name": "API", "type": "debugpy", "request": "launch",'
         ' "module": "flask", "cwd": "${workspaceFolder}/api", "args": ["run"]}]}'},
        "flask api/app.py",
        5001,
        {".flaskenv": "# shared\nFLASK_RUN_PORT=5001\n"},
    ),
    Case(
        "firebase hosting default into an empty entry",
        {"firebase.json": '{\n  "hosting": {},\n  "emulators": {\n    "hosting": {},\n'
                          '    "auth": {"port": 9099}\n  }\n}\n'},
        "firebase hosting emulator",
        5005,
        {"firebase.json": '{\n  "hosting": {},\n  "emulators": {\n    "hosting": {"port": 5005},\n'
                          '    "auth": {"port": 9099}\n  }\n}\n'},
    ),
    Case(
        "firebase hosting default into a multi-line entry with comments",
        {"firebase.json": '{\n  "hosting": {"public": "p"},\n  "emulators": {\n    "hosting": { // local\n'
                          '      "host": "127.0.0.1"\n    }\n  }\n}\n'},
        "firebase hosting emulator",
        5005,
        {"firebase.json": '{\n  "hosting": {"public": "p"},\n  "emulators": {\n    "hosting": { // local\n'
         '      "port": 5005,\n      "host": "127.0.0.1"\n    }\n  }\n}\n'},
    ),
    Case(
        "firebase port 0 sets nothing: it is written over",
        {"firebase.json": '{"emulators": {"auth": {}, "ui": {"port": 0, "enabled": true}}}'},
        "firebase ui emulator",
        4001,
        {"firebase.json": '{"emulators": {"auth": {}, "ui": {"port": 4001, "enabled": true}}}'},
    ),
    Case(
        "angular default: options created in the serve target's style",
        {"angular.json": '{\n  "projects": {\n    "web": {\n      "architect": {\n        "serve": {\n'
         '          "builder": "@angular/build:dev-server"\n        }\n      }\n    }\n  }\n}\n'},
        "angular web dev server",
        4300,
        {"angular.json": '{\n  "projects": {\n    "web": {\n      "architect": {\n        "serve": {\n'
         '          "options": {\n            "port": 4300\n          },\n'
         '          "builder": "@angular/build:dev-server"\n        }\n      }\n    }\n  }\n}\n'},
    ),
    Case(
        "angular default with options: the port joins them",
        {"angular.json": '{"projects": {"web": {"architect": {"serve": {"options": {"host": "::1"}}}}}}'},
        "angular web dev server",
        4300,
        {"angular.json": '{"projects": {"web": {"architect": {"serve": {"options": {"port": 4300, "host": "::1"}}}}}}'},
    ),
    Case(
        "app.run default gets a port keyword",
        {"app.py": FLASK_APP + '\nif __name__ == "__main__":\n    app.run("0.0.0.0", debug=True)\n'},
        "flask app.py",
        5001,
        {"app.py": FLASK_APP + '\nif __name__ == "__main__":\n    app.run("0.0.0.0", debug=True, port=5001)\n'},
    ),
    Case(
        "launch args and the .flaskenv behind them are both rewritten",
        {"app.py": FLASK_APP, ".flaskenv": "FLASK_RUN_PORT=5005\n",
         ".vscode/launch.json": '{"configurations": [{"name": "Flask", "type": "debugpy", "request": "launch",\n'
         '  "module": "flask", "args": ["run", "--port", "5005"]}]}'},
        "flask app.py",
        5006,
        {".flaskenv": "FLASK_RUN_PORT=5006\n",
         ".vscode/launch.json": '{"configurations": [{"name": "Flask", "type": "debugpy", "request": "launch",\n'
         '  "module": "flask", "args": ["run", "--port", "5006"]}]}'},
    ),
    Case(
        "hosting switched while Flask is also on 5000: the proxy still means Flask",
        {"app.py": FLASK_APP, "firebase.json": '{"hosting": {}, "emulators": {"hosting": {}}}',
         "angular.json": ANGULAR_WITH_PROXY, "proxy.conf.json": PROXY},
        "firebase hosting emulator",
        5005,
        {"firebase.json": '{"hosting": {}, "emulators": {"hosting": {"port": 5005}}}'},
    ),
    Case(
        "the only service on the port is what a proxy target means",
        {"firebase.json": '{"hosting": {}, "emulators": {"hosting": {}}}', "angular.json": ANGULAR_WITH_PROXY,
         "proxy.conf.json": PROXY},
        "firebase hosting emulator",
        5005,
        {"firebase.json": '{"hosting": {}, "emulators": {"hosting": {"port": 5005}}}',
         "proxy.conf.json": '{\n  "/api": {"target": "http://localhost:5005", "secure": false}\n}\n'},
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_switch_rewrites_every_place_of_the_port(case: Case, tmp_path: Path) -> None:
    write(tmp_path, case.files)
    claims = claims_of(tmp_path)
    claim = next(
        c for c in claims if c.service == case.service and c.role is Role.LISTEN and case.old_port in (None, c.port)
    )
    edits = switch_port_edits(claim, claims, case.new_port)
    assert edits == tuple(sorted(edits, key=lambda e: (e.file, e.range)))
    assert len({(e.file, e.range) for e in edits}) == len(edits)
    assert apply_to_folder(tmp_path, edits) == case.expected
    # Read again, the switched service now claims the new port wherever it claimed the old one.
    after = claims_of(tmp_path)
    ports = {c.port for c in after if c.service == case.service and c.role is Role.LISTEN}
    assert case.new_port in ports and claim.port not in ports


# ---- what is not switched --------------------------------------------------------------------------


def _at(file: str, line: int) -> Location:
    return Location(file, Range.of(line, 0, line, 4))


def test_a_proxy_target_is_not_switched_by_itself() -> None:
    target = Claim("angular web proxy /api", "angular", Role.CONNECT, "localhost", 5000, True,
                   _at("/w/proxy.conf.json", 1), "proxy target", Part.PROXY,
                   target="http://localhost:5000")  # fmt: skip
    assert switch_port_edits(target, [target], 5001) == ()


def test_a_default_with_no_insertion_yields_no_edits() -> None:
    default = Claim("firebase hosting emulator", "firebase", Role.LISTEN, "localhost", 5000, False,
                    _at("/w/firebase.json", 2), "default", Part.EMULATOR)  # fmt: skip
    assert switch_port_edits(default, [default], 5005) == ()


def test_an_implied_port_and_a_remote_target_are_left_alone() -> None:
    flask = Claim(
        "flask app.py", "flask", Role.LISTEN, "127.0.0.1", 80, True, _at("/w/.flaskenv", 0), "env", Part.BACKEND
    )
    implied = Claim(
        "proxy /a", "angular", Role.CONNECT, "localhost", 80, False, _at("/w/p.json", 1), "implied", Part.PROXY
    )
    remote = Claim(
        "proxy /b", "angular", Role.CONNECT, "api.example.com", 80, True, _at("/w/p.json", 2), "remote", Part.PROXY
    )
    assert not is_local_target(remote.host)
    edits = switch_port_edits(flask, [flask, implied, remote], 8080)
    assert edits == (TextEdit("/w/.flaskenv", flask.location.range, "8080"),)


def test_two_flask_services_on_the_port_leave_the_proxy_ambiguous() -> None:
    one = Claim(
        "flask a/app.py", "flask", Role.LISTEN, "127.0.0.1", 5000, True, _at("/w/a/.flaskenv", 0), "a", Part.BACKEND
    )
    two = Claim(
        "flask b/app.py", "flask", Role.LISTEN, "127.0.0.1", 5000, True, _at("/w/b/.flaskenv", 0), "b", Part.BACKEND
    )
    proxy = Claim(
        "proxy /api", "angular", Role.CONNECT, "localhost", 5000, True, _at("/w/p.json", 1), "proxy", Part.PROXY
    )
    assert [e.file for e in switch_port_edits(one, [one, two, proxy], 5001)] == ["/w/a/.flaskenv"]


def test_the_same_port_is_no_switch() -> None:
    flask = Claim(
        "flask app.py", "flask", Role.LISTEN, "127.0.0.1", 5000, True, _at("/w/.flaskenv", 0), "env", Part.BACKEND
    )
    assert switch_port_edits(flask, [flask], 5000) == ()


# ---- round trips on the fixture workspaces ---------------------------------------------------------

ROUND_TRIPS = [
    ("flask-flaskenv", "flask app.py", 5001, 5101),
    ("flask-default", "flask app.py", 5000, 5100),
    ("flask-run-ignores-app-run", "flask app.py", 5000, 5100),
    ("flask-launch-args", "flask api/app.py", 5005, 5105),
    ("flask-env-over-flaskenv", "flask app.py", 5002, 5102),
    ("flask-app-run-script", "flask app.py", 5006, 5106),
    ("firebase-defaults", "firebase hosting emulator", 5000, 5100),
    ("firebase-defaults", "firebase ui emulator", 4000, 4100),
    ("firebase-ui-disabled", "firebase hub emulator", 4400, 4500),
    ("angular-default", "angular web dev server", 4200, 4300),
    ("angular-proxy", "angular web dev server", 4200, 4300),
    ("angular-configuration", "angular web dev server", 4301, 4311),
]


@pytest.mark.parametrize(("workspace", "service", "old_port", "new_port"), ROUND_TRIPS)
def test_round_trip_on_a_fixture_workspace(
    workspace: str, service: str, old_port: int, new_port: int, tmp_path: Path
) -> None:
    root = tmp_path / workspace
    shutil.copytree(FIXTURE_WORKSPACES / workspace, root)
    (root / "expected_claims.json").unlink()
    before = claims_of(root)
    claim = next(c for c in before if c.service == service and c.role is Role.LISTEN and c.port == old_port)
    edits = switch_port_edits(claim, before, new_port)
    assert edits
    apply_to_folder(root, edits)

    after = claims_of(root)
    own_before = sorted(c.port for c in before if c.service == service and c.role is Role.LISTEN)
    own_after = sorted(c.port for c in after if c.service == service and c.role is Role.LISTEN)
    assert own_after == sorted(new_port if port == old_port else port for port in own_before)
    # Proxy targets that meant this service follow it; nothing else moves.
    others_before = sorted(_summary(c) for c in before if c.service != service)
    others_after = sorted(_summary(c) for c in after if c.service != service)
    assert others_after == others_before


def test_round_trip_moves_the_proxy_target_with_flask(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": FLASK_APP, ".flaskenv": "FLASK_RUN_PORT=5000\n"})
    shutil.copytree(FIXTURE_WORKSPACES / "angular-proxy", tmp_path, dirs_exist_ok=True)
    (tmp_path / "expected_claims.json").unlink()
    before = claims_of(tmp_path)
    flask = next(c for c in before if c.tool == "flask")
    apply_to_folder(tmp_path, switch_port_edits(flask, before, 5100))
    after = claims_of(tmp_path)
    assert {c.port for c in after if c.tool == "flask"} == {5100}
    assert [(c.target, c.port) for c in after if c.role is Role.CONNECT] == [("http://127.0.0.1:5100", 5100)]
    js = (tmp_path / "src" / "proxy.conf.js").read_text()
    assert 'target: "http://127.0.0.1:5100",' in js


def _summary(claim: Claim) -> str:
    return json.dumps([claim.service, claim.role.value, claim.host, claim.port, claim.explicit])


def test_a_port_set_in_the_real_environment_is_never_overwritten() -> None:
    command = Location("/w/package.json", Range.of(2, 12, 2, 17))
    claim = Claim("flask app.py", "flask", Role.LISTEN, "127.0.0.1", 5123, True, command,
                  "FLASK_RUN_PORT in the environment", Part.BACKEND, names_port=False)  # fmt: skip
    assert switch_port_edits(claim, [claim], 5124) == ()
