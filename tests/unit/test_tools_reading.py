"""Only the tools with facts in a workspace are imported (`registry.tools_reading`, `DevServer.reads`), and
skipping the others loses nothing: on every sample workspace (the layouts, the precedence workspaces and
each parser case's folder), each tool left out resolves and judges nothing."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portlint.core.cors.findings import cors_findings
from portlint.core.cors.plan import plan_from_facts
from portlint.core.model import Claim, Part, Role, Settings
from portlint.core.report import claims_to_report
from portlint.registry import TOOLS, tools_reading
from portlint.tools.base import ResolveContext, load_function
from portlint.tools.resolve import resolve, with_runner_ports
from portlint.workspace.files import load_workspace

TESTS = Path(__file__).parent.parent
_FOLDERS = (TESTS / "layouts", TESTS / "fixtures" / "workspaces")
WORKSPACES = sorted(
    [path for folder in _FOLDERS for path in folder.iterdir() if path.is_dir() and not path.name.startswith("__")]
    + [case.parent for case in (TESTS / "tools").glob("*/cases/*/*/expected.json")]
    + [case.parent for case in (TESTS / "readers" / "cases").glob("*/*/expected.json")]
)


def test_every_read_names_a_fact_type_where_it_is_defined() -> None:
    """A spec naming a re-export (angular.facts:ProxyTarget) would never match the fact's own type."""
    for tool in TOOLS:
        for spec in tool.reads:
            module, _, name = spec.partition(":")
            kind = getattr(importlib.import_module(module), name)
            assert isinstance(kind, type) and f"{kind.__module__}:{kind.__qualname__}" == spec, (tool.name, spec)


@pytest.mark.parametrize("workspace", WORKSPACES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_tool_left_out_has_nothing_to_say(workspace: Path) -> None:
    root = str(workspace)
    facts, _ = load_workspace(root)
    facts = with_runner_ports(facts, {})
    claims = claims_to_report(resolve(facts, root), Settings())
    chosen = {tool.name for tool in tools_reading(facts)}
    for tool in (tool for tool in TOOLS if tool.name not in chosen):
        if tool.resolve:
            resolved: list[Claim] = load_function(tool.resolve)(facts, ResolveContext(root))
            assert resolved == [], (tool.name, resolved)
        if tool.checks:
            assert load_function(tool.checks)(facts, claims, root) == [], tool.name
        if tool.cors:
            assert load_function(tool.cors)(facts, claims) == [], tool.name


@pytest.mark.parametrize("workspace", WORKSPACES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_without_a_front_end_no_route_is_judged(workspace: Path) -> None:
    """check.tool_findings asks no tool for its CORS routes when no front-end dev server listens."""
    root = str(workspace)
    facts, _ = load_workspace(root)
    claims = claims_to_report(resolve(facts, root), Settings())
    if any(claim.part is Part.FRONTEND and claim.role is Role.LISTEN for claim in claims):
        return
    routes = [route for tool in TOOLS if tool.cors for route in load_function(tool.cors)(facts, claims)]
    assert cors_findings(routes, plan_from_facts(facts, claims, root)) == []


def test_the_sample_workspaces_cover_every_tool() -> None:
    """The test above proves something only where the tools it leaves out have facts elsewhere."""
    seen = {tool.name for workspace in WORKSPACES for tool in tools_reading(load_workspace(str(workspace))[0])}
    judging = {tool.name for tool in TOOLS if tool.resolve or tool.checks or tool.cors}
    assert judging <= seen, sorted(judging - seen)


def test_a_tool_without_facts_is_never_imported(tmp_path: Path) -> None:
    app = "from flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\nCORS(app)\n"
    (tmp_path / "app.py").write_text(app + "@app.get('/api')\ndef api():\n    return {}\napp.run(port=5001)\n")
    script = (
        "import json, sys\n"
        "from portlint.check import check_workspace\n"
        "report = check_workspace(sys.argv[1], live=False)\n"
        "print(json.dumps({'ports': [c.port for c in report.claims],"
        " 'modules': sorted(m for m in sys.modules if m.startswith(('portlint.tools.', 'portlint.core.cors')))}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    result = json.loads(done.stdout)
    assert result["ports"] == [5001]
    assert "portlint.tools.flask.resolve" in result["modules"]
    # No front end: no page asks the app's routes anything, so neither they nor the CORS core are loaded.
    assert "portlint.tools.flask.cors" not in result["modules"]
    assert "portlint.core.cors.findings" not in result["modules"]
    for unused in ("vite", "compose", "node", "uvicorn", "webpack", "next", "angular"):
        assert f"portlint.tools.{unused}.resolve" not in result["modules"], unused
        assert f"portlint.tools.{unused}.facts" not in result["modules"], unused
