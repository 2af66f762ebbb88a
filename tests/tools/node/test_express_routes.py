"""Which Express route a front end's call reaches: Express's own matching (tools/node/express_paths.py; the
real Express 4 and 5 in tests/fidelity/test_route_match_fidelity.py), the same for the app's walk and for the
core's choice of the route (`CorsRoute.matches`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.cors.route_match import RUN_TIME_MARK, reaches
from portlint.tools.node.express_cors import express_cors_routes
from portlint.tools.node.express_facts import ExpressFile
from portlint.tools.node.express_paths import express_pattern
from portlint.tools.node.express_stack import app_stack
from portlint.tools.node.source import parse_node_source
from tests.fidelity.workspace import write_tree

HEAD = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n"
VITE = {
    "web/package.json": json.dumps({"scripts": {"dev": "vite"}, "devDependencies": {"vite": "^7.1.7"}}),
    "web/vite.config.js": "export default { server: { port: 5173 } }\n",
}
ROWS = [  # (rule, path, Express matches)
    ("/api/items", "/api/items/", True),
    ("/api/items", "/API/items", True),
    ("/api/items", "/api/items/1", False),
    ("/files/*", "/files/", True),
    ("/user{/:id}", "/user", True),
    ("/user{/:id}", "/user/1", True),
    ("/api/items/:id?", "/api/items", True),
    ("/items/:id([0-9]+)", "/items/abc", False),
    ("/items/:id([0-9]+)", "/items/12", True),
    ("/files/*splat", "/files/", False),
]


@pytest.mark.parametrize(("rule", "path", "matched"), ROWS)
def test_a_route_matches_as_express_does(rule: str, path: str, matched: bool) -> None:
    pattern = express_pattern(rule, True)
    assert pattern is not None and (pattern.match(path) is not None) is matched


@pytest.mark.parametrize(("rule", "path", "matched"), [row for row in ROWS if not {"{", "("} & set(row[0])])
def test_the_core_picks_an_express_route_with_express_s_matching(rule: str, path: str, matched: bool) -> None:
    source = f"{HEAD}app.use(cors());\napp.put({json.dumps(rule)}, (req, res) => res.json({{}}));\n"
    (route,) = express_cors_routes(parse_node_source("/w/server.js", source).facts, [])
    assert reaches(route.path, path, route.matches) is matched


def test_a_run_time_part_fills_a_parameter_with_its_own_pattern_never_literal_text() -> None:
    source = f"{HEAD}app.put('/items/:id([0-9]+)', h);\napp.put('/api/v1', h);\n"
    file = next(fact for fact in parse_node_source("/w/server.js", source).facts if isinstance(fact, ExpressFile))
    numbered, literal = app_stack(file, "app")
    assert reaches("", f"/items/{RUN_TIME_MARK}", numbered.reached_by)
    assert not reaches("", f"/api/v{RUN_TIME_MARK}", literal.reached_by)


def test_a_rule_its_own_text_does_not_match_makes_no_cors_route_so_no_assumed_request_walks_it() -> None:
    source = f"{HEAD}app.use(cors());\napp.put('/items/:id([0-9]+)', h);\napp.put('/user{{/:id}}', h);\n"
    assert express_cors_routes(parse_node_source("/w/server.js", source).facts, []) == []


OTHER = "app.use(cors({ origin: 'http://localhost:4000' }));\n"  # refuses the page's origin: a finding if reached
PAGE = "cors({ origin: 'http://localhost:5173' })"  # allows it


@pytest.mark.parametrize(
    ("server", "called", "codes"),
    [
        (OTHER + "app.put('/api/items', h);\n", "/API/items/", ["cors-origin-not-allowed"]),
        (OTHER + "app.put('/files/*', h);\n", "/files/", ["cors-origin-not-allowed"]),
        (OTHER + "app.put('/items/:id([0-9]+)', h);\n", "/items/abc", []),  # Express 4 refuses it: a 404
        (OTHER + "app.put('/api/items', h);\n", "/api/items/1", []),
        # The walk reaches the optional parameter's route too: its preflight is answered, not a 404.
        (f"app.options('/api/items/:id?', {PAGE});\napp.put('/api/items/:id?', {PAGE}, h);\n", "/api/items", []),
    ],
)
def test_a_front_end_call_is_judged_on_the_route_express_gives_it(
    server: str, called: str, codes: list[str], tmp_path: Path
) -> None:
    call = f"export const save = () => fetch('http://localhost:3000{called}', {{ method: 'PUT' }});\n"
    api = HEAD + "const h = (req, res) => res.json({});\n" + server + "app.listen(3000);\n"
    write_tree(tmp_path, {**VITE, "web/src/items.service.js": call, "api/server.js": api})
    assert [f.code for f in check_workspace(str(tmp_path), live=False).findings if f.code.startswith("cors-")] == codes
