"""What portlint works out an Express app sends (tools/node/express_cors.py) against what the real Express 5.3 +
cors 2.8.6 (the pins of tests/cors_browser) send on loopback: for each small app, the preflight's status and
both responses' Access-Control-* header lines (as multisets: two lines of one name count twice)."""

from __future__ import annotations

import http.client
from collections import Counter
from pathlib import Path

import pytest

from portlint.core.cors.exchange import CorsRequest, Response
from portlint.core.cors.route_match import reaches
from portlint.core.model import Location, Range
from portlint.tools.node.express_cors import express_cors_routes
from portlint.tools.node.source import parse_node_source
from tests.cors_browser.conftest import NODE_TOOLS
from tests.cors_browser.servers import served
from tests.fidelity.npm_cache import npm_installed

pytestmark = pytest.mark.live

ORIGIN = "http://localhost:4200"
HEAD = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n"
TAIL = "\nmodule.exports = app;\n"
POST = "app.post('/api/items', (req, res) => res.status(201).json({}));\n"
APPS = {
    "defaults": "app.use(cors());\n" + POST,
    "fixed_origin_and_credentials": "app.use(cors({ origin: 'http://other.test', credentials: true }));\n" + POST,
    "origin_list_without_the_origin": "app.use(cors({ origin: ['http://a.test', /b\\.test$/] }));\n" + POST,
    "origin_regex_with_the_origin": "app.use(cors({ origin: /localhost:\\d+$/, methods: 'GET,POST' }));\n" + POST,
    "reflect_with_allowed_headers": "app.use(cors({ origin: true, allowedHeaders: ['Authorization'] }));\n" + POST,
    "origin_false": "app.use(cors({ origin: false }));\n" + POST,
    "route_level_only": "app.post('/api/items', cors(), (req, res) => res.json({}));\n",
    "options_route": "app.options('/api/items', cors());\napp.post('/api/items', cors(), (q, r) => r.json({}));\n",
    "route_before_cors": POST + "app.use(cors());\n",
    "manual_star_after_cors": "app.use(cors({ origin: 'http://localhost:4200', credentials: true }));\n"
    "app.post('/api/items', (req, res) => { res.header('Access-Control-Allow-Origin', '*'); res.json({}); });\n",
    "append_beside_cors": "app.use(cors({ origin: 'http://localhost:4200' }));\n"
    "app.post('/api/items', (req, res) => { res.append('Access-Control-Allow-Origin', '*'); res.json({}); });\n",
    "hand_written": "app.use((req, res, next) => {\n  res.header('Access-Control-Allow-Origin', req.headers.origin);\n"
    "  res.header('Access-Control-Allow-Methods', 'GET,POST');\n"
    "  if (req.method === 'OPTIONS') return res.sendStatus(204);\n  next();\n});\n" + POST,
    "preflight_continue_into_catch_all": "app.use(cors({ preflightContinue: true, optionsSuccessStatus: 200 }));\n"
    + POST
    + "app.use((req, res) => res.status(404).json({}));\n",
    "router": "const api = express.Router();\napi.post('/items', (req, res) => res.json({}));\n"
    "app.use(cors({ methods: ['GET'] }));\napp.use('/api', api);\n",
}


@pytest.fixture(scope="module")
def node_tools() -> Path:
    return npm_installed("cors-browser", NODE_TOOLS)


def real(port: int, method: str, headers: dict[str, str]) -> tuple[int, Counter[tuple[str, str]]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, "/api/items", headers=headers)
        answer = connection.getresponse()
        answer.read()
        lines = Counter(
            (name.lower(), value) for name, value in answer.getheaders() if name.lower().startswith("access-control-")
        )
        return answer.status, lines
    finally:
        connection.close()


def simulated(response: Response) -> Counter[tuple[str, str]]:
    return Counter((header.name, header.value) for header in response.headers)


@pytest.mark.parametrize("name", sorted(APPS))
def test_the_simulated_answer_is_what_express_and_cors_send(name: str, node_tools: Path, tmp_path: Path) -> None:
    source = HEAD + APPS[name] + TAIL
    (tmp_path / "server.js").write_text(source)
    request = CorsRequest(ORIGIN, Location("/w/a", Range.of(0, 0)), "POST", "/api/items", ("content-type",))
    facts = parse_node_source(str(tmp_path / "server.js"), source).facts
    routes = [
        r for r in express_cors_routes(facts, []) if "POST" in r.methods and reaches(r.path, request.path, r.matches)
    ]
    answer = routes[0].answer(request)
    assert answer is not None
    preflight_headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    preflight_headers["Access-Control-Request-Headers"] = "content-type"
    with served("express", tmp_path, node_tools) as port:
        preflight = real(port, "OPTIONS", preflight_headers)
        response = real(port, "POST", {"Origin": ORIGIN, "Content-Type": "application/json"})
    assert (answer.preflight.status, simulated(answer.preflight)) == preflight
    assert simulated(answer.response) == response[1]
