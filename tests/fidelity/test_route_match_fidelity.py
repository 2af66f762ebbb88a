"""Which route a request path reaches, as portlint says (core/cors/route_match.py, and the matcher an Express
route gives: tools/node/express_paths.py) against the real routers on loopback: Express 4.22 (path-to-regexp
0.1) and 5.3 (path-to-regexp 8), Flask (werkzeug) and FastAPI (Starlette). Each real app registers every rule
in its own route that answers only the request naming it (an `X-Rule` header); the outcome of each request
is matched (200), not matched (404) or a redirect (werkzeug's 308 to the other trailing slash, Starlette's
307): a redirect is not reached for portlint (a preflight that gets one fails; its route never answers)."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from portlint.core.cors.route_match import reaches
from portlint.tools.node.express_cors import express_cors_routes
from portlint.tools.node.express_facts import ExpressFile
from portlint.tools.node.express_paths import express_pattern
from portlint.tools.node.express_stack import app_stack
from portlint.tools.node.source import parse_node_source
from tests.cors_browser.servers import served
from tests.fidelity.npm_cache import npm_installed

pytestmark = pytest.mark.live

EXPRESS = {
    "/api/items": ["/api/items", "/api/items/", "/API/items", "/api/items//", "/api/items/1", "/api/itemsx"],
    "/users/:id": ["/users", "/users/7", "/users/7/", "/Users/7", "/users/7/x"],
    "/files/*": ["/files/", "/files", "/files/a/b"],
    "/files/*splat": ["/files/", "/files", "/files/a/b"],
    "/user{/:id}": ["/user", "/user/", "/user/1", "/user/1/2"],
    "/api/items/:id?": ["/api/items", "/api/items/", "/api/items/3", "/api/items/3/4"],
    "/items/:id([0-9]+)": ["/items/abc", "/items/12", "/items/12/"],
    "/docs/:name.json": ["/docs/a.json", "/docs/a.txt"],
    "/user-:id": ["/user-3", "/user-"],
    "/": ["/", "/x"],
}
USES = {  # `app.use(prefix, ...)`: a prefix ending at a slash
    "/api": ["/api", "/api/", "/API/items", "/apix", "/ap"],
    "/api/:version": ["/api/v1/items", "/api", "/api/v1"],
}
FLASK = {
    "/api/items": ["/api/items", "/api/items/", "/API/items", "/api//items"],
    "/api/list/": ["/api/list/", "/api/list"],
    "/items/<int:item_id>": ["/items/12", "/items/abc", "/items/-1", "/items/1.5"],
    "/price/<float:value>": ["/price/1.5", "/price/3"],
    "/files/<path:rest>": ["/files/a/b.txt", "/files/", "/files"],
    "/names/<name>": ["/names/abc", "/names/a/b"],
    "/kind/<any(a, b):kind>": ["/kind/a", "/kind/c"],
    "/objects/<uuid:key>": ["/objects/12345678-1234-5678-1234-567812345678", "/objects/x"],
}
FASTAPI = {
    "/api/items": ["/api/items", "/api/items/", "/API/items"],
    "/api/list/": ["/api/list/", "/api/list"],
    "/items/{item_id}": ["/items/abc", "/items/a/b", "/items/"],
    "/numbers/{item_id:int}": ["/numbers/12", "/numbers/x"],
    "/price/{value:float}": ["/price/3", "/price/1.5"],
    "/static/{rest:path}": ["/static/css/a.css", "/static/", "/static"],
    "/objects/{key:uuid}": ["/objects/12345678-1234-5678-1234-567812345678", "/objects/x"],
}
FLASK_APP = """import json
from flask import Flask

RULES = json.loads({rules!r})
app = Flask(__name__)
by_rule = []
for rule in RULES:
    one = Flask(__name__)
    one.add_url_rule(rule, "route", lambda **values: "matched")
    by_rule.append(one.wsgi_app)
app.wsgi_app = lambda environ, start: by_rule[int(environ["HTTP_X_RULE"])](environ, start)
"""
FASTAPI_APP = """import json
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

RULES = json.loads({rules!r})
by_rule = []
for rule in RULES:
    one = FastAPI()
    one.add_api_route(rule, lambda: PlainTextResponse("matched"), methods=["GET"])
    by_rule.append(one)

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({{"type": "lifespan.startup.complete"}})
        await send({{"type": "lifespan.shutdown.complete"}})
        return
    await by_rule[int(dict(scope["headers"])[b"x-rule"])](scope, receive, send)
"""
EXPRESS_HEAD = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n"
EXPRESS_APP = """const express = require('express');
const app = express();
const refused = [];
RULES.forEach(([kind, rule], index) => {
  const only = (req, res, next) => (req.get('x-rule') === String(index) ? res.send('matched') : next());
  try { app[kind](rule, only); } catch (error) { refused.push(index); }
});
app.get('/refused/rules', (req, res) => res.json(refused));
module.exports = app;
"""


def outcome(port: int, index: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"X-Rule": str(index)})
        answer = connection.getresponse()
        body = answer.read()
    finally:
        connection.close()
    if answer.status == 200 and body == b"matched":
        return "matched"
    if answer.status in (301, 302, 307, 308):
        return "redirect"
    assert answer.status == 404, (path, answer.status, body)
    return "not matched"


def real_outcomes(port: int, rules: dict[str, list[str]], first: int = 0) -> dict[tuple[str, str], str]:
    """Each (rule, path)'s outcome, the rules registered in this order from index `first` on."""
    return {
        (rule, path): outcome(port, first + index, path) for index, rule in enumerate(rules) for path in rules[rule]
    }


def express_reaches(rule: str, path: str) -> bool:
    """portlint's answer for an Express route written `rule`: the matcher of its step in the app's walk, which
    its CORS route gives the core (a rule that does not match its own text, `{/:id}`, makes no CORS route)."""
    source = f"{EXPRESS_HEAD}app.use(cors());\napp.get({json.dumps(rule)}, (req, res) => res.json({{}}));\n"
    facts = parse_node_source("/w/server.js", source).facts
    file = next(fact for fact in facts if isinstance(fact, ExpressFile))
    step = app_stack(file, "app")[-1]
    assert step.path == rule
    said = reaches(rule, path, step.reached_by)
    assert all(reaches(rule, path, route.matches) is said for route in express_cors_routes(facts, []))
    return said


@pytest.mark.parametrize(("backend", "rules"), [("flask", FLASK), ("fastapi", FASTAPI)])
def test_python_routes_match_as_werkzeug_and_starlette(backend: str, rules: dict[str, list[str]], tmp_path: Path):
    template = FLASK_APP if backend == "flask" else FASTAPI_APP
    (tmp_path / "app.py").write_text(template.format(rules=json.dumps(list(rules))))
    with served(backend, tmp_path, tmp_path) as port:
        real = real_outcomes(port, rules)
    assert "redirect" in real.values()  # the trailing slash's other spelling
    said = {pair: "matched" if reaches(*pair) else "not" for pair in real}
    assert said == {pair: "matched" if seen == "matched" else "not" for pair, seen in real.items()}


@pytest.mark.parametrize(("version", "express"), [("4", "4.22.3"), ("5", "5.3.0")])
def test_express_routes_match_as_the_express_that_accepts_them(version: str, express: str, tmp_path: Path):
    tools = npm_installed(f"express{version}", {"express": express})
    registered = [("get", rule) for rule in EXPRESS] + [("use", prefix) for prefix in USES]
    (tmp_path / "server.js").write_text(f"const RULES = {json.dumps(registered)};\n{EXPRESS_APP}")
    with served("express", tmp_path, tools) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/refused/rules")
        refused = {registered[index][1] for index in json.loads(connection.getresponse().read())}
        connection.close()
        routes = real_outcomes(port, EXPRESS)  # a refused rule's paths: not matched, and not compared
        uses = real_outcomes(port, USES, first=len(EXPRESS))
    # Express 5 refuses Express 4's `?`, `(...)` and bare `*`; portlint reads those as Express 4 does.
    assert refused == ({"/files/*", "/api/items/:id?", "/items/:id([0-9]+)"} if version == "5" else set())
    # Express 4 reads Express 5's syntax literally: portlint reads it as Express 5 does.
    other_express = refused | ({"/user{/:id}", "/files/*splat"} if version == "4" else set())
    routes = {pair: seen for pair, seen in routes.items() if pair[0] not in other_express}
    assert {pair: "matched" if express_reaches(*pair) else "not matched" for pair in routes} == routes
    assert {pair: "matched" if use_matches(*pair) else "not matched" for pair in uses} == uses


def use_matches(prefix: str, path: str) -> bool:
    pattern = express_pattern(prefix, False)
    assert pattern is not None
    return pattern.match(path) is not None
