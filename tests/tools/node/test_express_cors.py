"""Express's CORS answers as portlint works them out (the headers themselves are checked against the real
Express + cors in tests/fidelity/test_express_cors_fidelity.py): what is uncertain says nothing, and each
finding names the way out in Express's terms, within 200 characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.cors.exchange import Answer, CorsRequest
from portlint.core.cors.findings import cors_findings
from portlint.core.cors.route_match import reaches
from portlint.core.model import Finding, Location, Range
from portlint.tools.node.express_cors import express_cors_routes
from portlint.tools.node.source import parse_node_source
from portlint.workspace.files import load_workspace
from tests.cors_browser.cases import Case, cases_of
from tests.cors_browser.static import case_requests
from tests.fidelity.workspace import write_tree

HEAD = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n"
ROUTE = "app.post('/api/items', (req, res) => res.json({}));\n"
ORIGIN = "http://localhost:5173"
VITE = {
    "web/package.json": json.dumps({"scripts": {"dev": "vite"}, "devDependencies": {"vite": "^7.1.7"}}),
    "web/vite.config.js": "export default { server: { port: 5173 } }\n",
}


def answer(body: str, method: str = "POST", path: str = "/api/items") -> Answer | None:
    source = HEAD + body
    facts = parse_node_source("/w/server.js", source).facts
    request = CorsRequest(ORIGIN, Location("/w/a", Range.of(0, 0)), method, path, ("content-type",))
    routes = [r for r in express_cors_routes(facts, []) if method in r.methods and reaches(r.path, path, r.matches)]
    assert routes, body
    return routes[0].answer(request)


def findings(tmp_path: Path, server: str) -> list[Finding]:
    write_tree(tmp_path, {**VITE, "api/server.js": HEAD + server + "app.listen(3000);\n"})
    report = check_workspace(str(tmp_path), live=False)
    return [f for f in report.findings if f.code.startswith("cors-")]


@pytest.mark.parametrize(
    "body",
    [
        "app.use(authenticate);\napp.use(cors());\napp.post('/api/items', (req, res) => res.json({}));\n",
        "app.use(cors({ origin: process.env.CLIENT_URL }));\napp.post('/api/items', (req, res) => res.json({}));\n",
        "app.use(cors());\napp.post('/api/items', allowCrossDomain, (req, res) => res.json({}));\n",
        "app.use(PREFIX, (req, res) => res.json({}));\napp.use(cors());\n" + ROUTE,
        "if (dev) app.use(cors());\napp.post('/api/items', (req, res) => res.json({}));\n",
        "app.post('/api/items', (req, res) => {\n"
        "  if (req.headers.origin) res.set('Access-Control-Allow-Origin', '*');\n"
        "  res.json({});\n});\n",
        "app.use(cors({ origin: [/^http:\\/\\/(?<host>localhost)/] }));\n" + ROUTE,
    ],
)
def test_what_decides_the_answer_and_is_not_read_makes_it_uncertain(body: str) -> None:
    assert answer(body) is None


def test_an_imported_route_handler_answers_without_cors_headers_of_its_own() -> None:
    found = answer("app.use(cors({ origin: 'http://localhost:5173' }));\napp.post('/api/items', auth, items.create);\n")
    assert found is not None
    assert [(h.name, h.value) for h in found.response.headers] == [("access-control-allow-origin", ORIGIN)]


def test_middleware_not_read_after_cors_leaves_the_real_request_its_headers_but_not_the_preflight() -> None:
    body = "app.use(cors({ origin: 'http://localhost:3000' }));\napp.use(limiter);\n"
    found = answer(body + "app.get('/api/items', (req, res) => res.json([]));\n", "GET")
    assert found is not None
    assert [h.value for h in found.response.headers] == ["http://localhost:3000"]
    preflighted = "app.use(cors({ origin: 'http://localhost:3000', preflightContinue: true }));\napp.use(limiter);\n"
    assert answer(preflighted + "app.put('/api/items', (req, res) => res.json([]));\n", "PUT") is None


def test_a_router_mounted_under_a_prefix_answers_under_it() -> None:
    body = "const api = express.Router();\napi.put('/items/:id', (q, r) => r.json({}));\n"
    found = answer(body + "app.use(cors());\napp.use('/api', api);\n", "PUT", "/api/items/7")
    assert found is not None and found.preflight.status == 204


def test_findings_name_the_way_out_in_express_terms(tmp_path: Path) -> None:
    cases = {
        "app.use(cors({ origin: 'http://localhost:3000' }));\napp.get('/api/items', (q, r) => r.json([]));\n": (
            "cors-origin-not-allowed",
            "pass origin: 'http://localhost:5173' to cors()",
        ),
        "app.post('/api/items', cors(), (q, r) => r.json({}));\n": (
            "cors-origin-not-allowed",
            "answer preflights: app.options('/api/items', cors())",
        ),
        "app.use(cors({ allowedHeaders: ['Authorization'] }));\napp.post('/api/items', (q, r) => r.json({}));\n": (
            "cors-preflight-fails",
            "add 'Content-Type' to the allowedHeaders of cors()",
        ),
        "app.use(cors({ methods: 'GET,POST' }));\napp.delete('/api/items/:id', (q, r) => r.sendStatus(204));\n": (
            "cors-preflight-fails",
            "add 'DELETE' to the methods of cors()",
        ),
        "app.get('/api/health', (q, r) => r.json({}));\napp.use(cors());\n": (
            "cors-origin-not-allowed",
            "move app.use(cors()) (line 5) above this route",
        ),
        "app.use(cors({ credentials: true }));\napp.get('/api/me', (q, r) => r.json({}));\n": (
            "cors-wildcard-with-credentials",
            "pass origin: 'http://localhost:5173' to cors()",
        ),
    }
    for server, (code, way_out) in cases.items():
        found = findings(tmp_path / str(len(server)), server)
        assert [f.code for f in found] == [code], server
        assert f"Way out: {way_out}." in found[0].message
        assert len(found[0].message) <= 200, found[0].message


def test_a_working_setup_and_an_app_without_any_cors_say_nothing(tmp_path: Path) -> None:
    working = "app.use(cors({ origin: ['http://localhost:5173'], credentials: true }));\napp.use(express.json());\n"
    assert findings(tmp_path / "working", working + "app.put('/api/items/:id', (q, r) => r.json({}));\n") == []
    plain = (
        "const express = require('express');\nconst app = express();\napp.get('/api/items', (q, r) => r.json([]));\n"
    )
    write_tree(tmp_path / "plain", {**VITE, "api/server.js": plain + "app.listen(3000);\n"})
    assert not [f for f in check_workspace(str(tmp_path / "plain"), live=False).findings if f.code.startswith("cors-")]


def test_routes_carry_the_port_the_file_listens_on_and_express_4_star_answers_preflights(tmp_path: Path) -> None:
    server = "app.options('*', cors());\napp.post('/api/items', cors(), (q, r) => r.json({}));\napp.listen(3000);\n"
    write_tree(tmp_path, {**VITE, "api/server.js": HEAD + server})
    facts, _ = load_workspace(str(tmp_path))
    report = check_workspace(str(tmp_path), live=False)
    (route,) = express_cors_routes(facts, report.claims)
    assert (route.path, route.methods, route.port) == ("/api/items", ("POST",), 3000)
    request = CorsRequest(ORIGIN, Location("/w/a", Range.of(0, 0)), "POST", "/api/items", ("content-type",))
    found = route.answer(request)
    assert found is not None and found.preflight.status == 204


@pytest.mark.parametrize("case", cases_of("express"), ids=lambda case: case.name)
def test_every_browser_case_finding_names_a_way_out_within_200_characters(case: Case) -> None:
    facts, _ = load_workspace(str(case.folder))
    routes = express_cors_routes(facts, [])
    requests = case_requests(case)
    found = cors_findings(
        routes, lambda r: [q for q in requests if q.method in r.methods and reaches(r.path, q.path, r.matches)]
    )
    assert {f.code for f in found} == case.expected_codes
    for finding in found:
        assert "Way out: " in finding.message and len(finding.message) <= 200, finding.message
