"""`portlint mcp` end to end: the MCP SDK's stdio client against a real server process, on a workspace whose
ports are held by real stand-in processes (one foreign, one ours), and a real loopback HTTP server for the
CORS probe."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mcp.client.session import ClientSession

from tests.holders import Holder, free_port, listener

from .client import REPO, call, refused, with_server

pytestmark = pytest.mark.live

TOOLS = {
    "list_ports": ({}, []),
    "check": ({}, []),
    "who_holds": ({"port": "integer"}, ["port"]),
    "free_port": ({"port": "integer", "service": None, "apply": "boolean"}, ["port"]),
    "probe_cors": ({"url": "string", "origin": None}, ["url"]),
}


@dataclass
class Workspace:
    root: Path
    foreign: Holder  # a stand-in started outside the workspace, on the port of the root's Flask app
    ours: Holder  # a stand-in started from api/, on the port of api's Flask app

    def files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.root)): p.read_bytes() for p in sorted(self.root.rglob("*")) if p.is_file()}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    root = tmp_path / "project"
    (root / "api").mkdir(parents=True)
    with listener(name="devserver") as foreign, listener(name="flask", cwd=root / "api") as ours:
        (root / ".flaskenv").write_text(f"FLASK_APP=app.py\nFLASK_RUN_PORT={foreign.port}\n")
        (root / "api" / ".flaskenv").write_text(f"FLASK_RUN_PORT={ours.port}\n")
        yield Workspace(root, foreign, ours)
        assert foreign.process.poll() is None and ours.process.poll() is None  # no tool signalled them


def _service_on(answer: dict[str, Any], port: int) -> dict[str, Any]:
    (claim,) = [c for c in answer["ports"] if c["port"] == port]
    return claim


def test_initialize_lists_exactly_the_five_tools_with_their_arguments(workspace: Workspace) -> None:
    async def scenario(session: ClientSession) -> None:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert set(tools) == set(TOOLS)
        for name, (properties, required) in TOOLS.items():
            schema = tools[name].input_schema
            assert schema["type"] == "object"
            assert {key: value.get("type") for key, value in schema["properties"].items()} == properties, name
            assert schema.get("required", []) == required, name
        assert tools["who_holds"].input_schema["properties"]["port"]["maximum"] == 65535
        for optional in ("service", "origin"):
            owner = "free_port" if optional == "service" else "probe_cors"
            types = {option["type"] for option in tools[owner].input_schema["properties"][optional]["anyOf"]}
            assert types == {"string", "null"}
        assert tools["free_port"].input_schema["properties"]["apply"]["default"] is False
        assert tools["list_ports"].annotations is not None and tools["list_ports"].annotations.read_only_hint
        assert tools["free_port"].annotations is not None and not tools["free_port"].annotations.read_only_hint

    with_server(workspace.root, scenario)


def test_list_ports_and_who_holds_tell_ours_from_foreign(workspace: Workspace) -> None:
    nobody = free_port()

    async def scenario(session: ClientSession) -> None:
        ports = await call(session, "list_ports")
        assert ports["live"] is True and ports["root"] == str(workspace.root)
        foreign = _service_on(ports, workspace.foreign.port)
        assert foreign["side"] == "foreign" and foreign["file"] == ".flaskenv" and foreign["role"] == "listen"
        assert [h["pid"] for h in foreign["holders"]] == [workspace.foreign.pid]
        ours = _service_on(ports, workspace.ours.port)
        assert ours["side"] == "ours" and ours["file"] == "api/.flaskenv"
        assert [(h["pid"], h["ours"]) for h in ours["holders"]] == [(workspace.ours.pid, True)]

        held = await call(session, "who_holds", {"port": workspace.foreign.port})
        (holder,) = held["holders"]
        assert holder["pid"] == workspace.foreign.pid and holder["ours"] is False
        assert holder["process"] == "devserver" and "holders.py" in " ".join(holder["cmdline"])
        assert f"pid {workspace.foreign.pid}" in holder["description"]
        assert [c["service"] for c in held["wantedBy"]] == [foreign["service"]]
        assert f"stop process {workspace.foreign.pid}" in held["wayOut"] and "never stops" in held["wayOut"]

        mine = await call(session, "who_holds", {"port": workspace.ours.port})
        assert [h["ours"] for h in mine["holders"]] == [True] and mine["wayOut"] is None
        free = await call(session, "who_holds", {"port": nobody})
        assert free["free"] is True and free["holders"] == [] and free["wantedBy"] == []

        assert "65535" in await refused(session, "who_holds", {"port": 70000})

    with_server(workspace.root, scenario)


def test_check_reports_the_foreign_holder_with_the_switch_fix(workspace: Workspace) -> None:
    async def scenario(session: ClientSession) -> dict[str, Any]:
        return await call(session, "check")

    answer = with_server(workspace.root, scenario)
    (finding,) = [f for f in answer["findings"] if f["code"] == "port-held-by-foreign-process"]
    assert finding["port"] == workspace.foreign.port and finding["severity"] == "error"
    assert finding["file"] == ".flaskenv" and finding["range"]["start"]["line"] == 1
    switch = finding["fixes"][0]
    assert switch["title"].startswith("Switch to free port ") and switch["preferred"] is True
    (edit,) = switch["edits"]
    assert edit["file"] == ".flaskenv" and edit["newText"] == switch["title"].rsplit(" ", 1)[1]
    assert not any(f["port"] == workspace.ours.port for f in answer["findings"])  # ours: no finding


def test_free_port_says_what_to_edit_and_changes_nothing_without_apply(workspace: Workspace) -> None:
    before = workspace.files()

    async def scenario(session: ClientSession) -> tuple[dict[str, Any], dict[str, Any]]:
        return await call(session, "free_port", {"port": workspace.foreign.port}), await call(session, "check")

    answer, checked = with_server(workspace.root, scenario)
    (held,) = [f for f in checked["findings"] if f["code"] == "port-held-by-foreign-process"]
    quick_fix = held["fixes"][0]
    assert (quick_fix["title"], quick_fix["edits"]) == (answer["title"], answer["edits"])  # the same switch
    digits = len(str(workspace.foreign.port))
    assert answer["applied"] is False and answer["changed"] == []
    new_port = answer["newPort"]
    assert isinstance(new_port, int) and new_port not in (workspace.foreign.port, workspace.ours.port)
    assert answer["title"] == f"Switch to free port {new_port}"
    assert answer["edits"] == [
        {
            "file": ".flaskenv",
            "range": {"start": {"line": 1, "character": 15}, "end": {"line": 1, "character": 15 + digits}},
            "newText": str(new_port),
        }
    ]
    assert workspace.files() == before


def test_free_port_with_apply_moves_the_service_inside_the_workspace(workspace: Workspace) -> None:
    before = workspace.files()

    async def scenario(session: ClientSession) -> tuple[dict[str, Any], dict[str, Any]]:
        applied = await call(session, "free_port", {"port": workspace.foreign.port, "apply": True})
        return applied, await call(session, "check")

    applied, after = with_server(workspace.root, scenario)
    assert applied["applied"] is True and applied["changed"] == [".flaskenv"]
    assert (workspace.root / ".flaskenv").read_text() == f"FLASK_APP=app.py\nFLASK_RUN_PORT={applied['newPort']}\n"
    assert {k: v for k, v in workspace.files().items() if k != ".flaskenv"} == {
        k: v for k, v in before.items() if k != ".flaskenv"
    }
    assert not [f for f in after["findings"] if f["code"] == "port-held-by-foreign-process"]


def test_free_port_refuses_to_edit_outside_the_workspace(workspace: Workspace) -> None:
    """A `.flaskenv` that is a link to a file outside, and an env file a command names outside: portlint
    reads both (the tools do), but free_port writes neither."""
    outside = workspace.root.parent / "shared.env"
    outside.write_text(f"FLASK_RUN_PORT={workspace.foreign.port}\n")
    (workspace.root / ".flaskenv").unlink()
    (workspace.root / ".flaskenv").symlink_to(outside)
    elsewhere = workspace.root.parent / "other.env"
    elsewhere.write_text(f"FLASK_RUN_PORT={workspace.ours.port}\n")
    (workspace.root / "api" / ".flaskenv").unlink()
    (workspace.root / "api" / "Makefile").write_text("run:\n\tflask --app app --env-file ../../other.env run\n")
    before = {path: path.read_bytes() for path in (outside, elsewhere)}

    async def scenario(session: ClientSession) -> tuple[str, str, dict[str, Any]]:
        linked = await refused(session, "free_port", {"port": workspace.foreign.port, "apply": True})
        named = await refused(session, "free_port", {"port": workspace.ours.port, "apply": True})
        return linked, named, await call(session, "free_port", {"port": workspace.ours.port})

    linked, named, plan = with_server(workspace.root, scenario)
    assert "leads outside the workspace" in linked
    assert "outside the workspace" in named
    assert plan["edits"][0]["file"] == str(elsewhere)  # said, not done
    assert {path: path.read_bytes() for path in before} == before
    assert (workspace.root / ".flaskenv").is_symlink()


def test_free_port_names_what_it_cannot_do(workspace: Workspace) -> None:
    (workspace.root / "api" / ".flaskenv").write_text(f"FLASK_RUN_PORT={workspace.foreign.port}\n")

    async def scenario(session: ClientSession) -> tuple[str, str, dict[str, Any]]:
        nobody = await refused(session, "free_port", {"port": workspace.ours.port})
        several = await refused(session, "free_port", {"port": workspace.foreign.port})
        ports = await call(session, "list_ports")
        api = next(c["service"] for c in ports["ports"] if c["file"] == "api/.flaskenv")
        return nobody, several, await call(session, "free_port", {"port": workspace.foreign.port, "service": api})

    nobody, several, chosen = with_server(workspace.root, scenario)
    assert f"no service of this workspace listens on port {workspace.ours.port}" in nobody
    assert "several services listen" in several and "`service`" in several
    assert [edit["file"] for edit in chosen["edits"]] == ["api/.flaskenv"]


def test_probe_cors_asks_a_real_loopback_server_and_refuses_other_hosts(workspace: Workspace) -> None:
    from tests.probe.servers import flask_app

    with flask_app("cors") as port:

        async def scenario(session: ClientSession) -> tuple[dict[str, Any], dict[str, Any], str, str]:
            url = f"http://127.0.0.1:{port}/api/x"
            allowed = await call(session, "probe_cors", {"url": url})
            other = await call(session, "probe_cors", {"url": url, "origin": "http://localhost:3000"})
            remote = await refused(session, "probe_cors", {"url": "http://example.com/api"})
            tricky = await refused(session, "probe_cors", {"url": "http://127.0.0.1.nip.io/api"})
            return allowed, other, remote, tricky

        allowed, other, remote, tricky = with_server(workspace.root, scenario)
    assert allowed["ok"] is True and allowed["origin"] == "http://localhost:4200"
    (address,) = allowed["addresses"]
    assert address["answeredBy"]["product"] == "Werkzeug" and address["request"]["status"] == 200
    assert "CORS ok" in allowed["summary"]
    assert other["origin"] == "http://localhost:3000"
    assert "refusing to probe example.com" in remote and "refusing to probe 127.0.0.1.nip.io" in tricky


def test_portlint_check_does_not_load_the_mcp_sdk() -> None:
    demo = str(REPO / "examples" / "airplay-5000")
    code = (
        "import sys, io, contextlib; from portlint.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['check', '--no-live', {demo!r}])\n"
        "print(sorted(m for m in sys.modules if m == 'mcp' or m.startswith(('mcp.', 'mcp_types', 'pydantic'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_without_the_sdk_portlint_mcp_says_how_to_get_it(tmp_path: Path) -> None:
    code = "import sys; sys.modules['mcp'] = None; from portlint.cli import main; sys.exit(main(['mcp', sys.argv[1]]))"
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert "pip install 'portlint[mcp]'" in done.stderr
