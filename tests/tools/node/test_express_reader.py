"""Reading an Express app's layers from its source (tree-sitter, never run): the order of `use` and routes,
`cors(...)` options when they are literals (else None), hand-written header middleware, routers."""

from __future__ import annotations

from portlint.tools.node.express_facts import CorsOptions, ExpressFile, OriginTest
from portlint.tools.node.source import parse_node_source

HEAD = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n"


def express_of(source: str, path: str = "/w/server.js") -> ExpressFile | None:
    found = [fact for fact in parse_node_source(path, source).facts if isinstance(fact, ExpressFile)]
    return found[0] if found else None


def layers(source: str, path: str = "/w/server.js") -> list[tuple[str, str | None, tuple[str, ...], list[str]]]:
    read = express_of(source, path)
    assert read is not None
    return [(layer.owner, layer.path, layer.methods, [h.kind for h in layer.handlers]) for layer in read.layers]


def options_of(call: str) -> CorsOptions | None:
    read = express_of(HEAD + f"const origins = ['http://a.test', /\\.b\\.test$/i];\napp.use({call});\n")
    assert read is not None
    (layer,) = read.layers
    return layer.handlers[0].options


def test_layers_come_in_registration_order_through_chains_routes_and_routers() -> None:
    source = HEAD + (
        "const api = express.Router();\n"
        "api.get('/items', (req, res) => res.json([]));\n"
        "app.disable('x-powered-by').use(express.json()).use(cors());\n"
        "app.route('/things').get((req, res) => res.json([])).post((req, res) => res.sendStatus(201));\n"
        "app.use('/api', api);\n"
        "app.get('port');\n"
    )
    assert layers(source) == [
        ("api", "/items", ("GET",), ["function"]),
        ("app", None, (), ["pass"]),
        ("app", None, (), ["cors"]),
        ("app", "/things", ("GET",), ["function"]),
        ("app", "/things", ("POST",), ["function"]),
        ("app", "/api", (), ["router"]),
    ]


def test_typescript_imports_and_typed_handlers_are_read() -> None:
    source = (
        "import express, { Request, Response } from 'express';\nimport cors from 'cors';\n"
        "const app = express();\napp.use(cors({ origin: 'http://localhost:4200' }));\n"
        "app.get('/api', (req: Request, res: Response) => res.json({}));\n"
    )
    assert layers(source, "/w/src/main.ts") == [("app", None, (), ["cors"]), ("app", "/api", ("GET",), ["function"])]


def test_cors_options_written_as_literals_or_variables_holding_them() -> None:
    assert options_of("cors()") == CorsOptions()
    assert options_of("cors({ origin: 'http://x.test' })") == CorsOptions(origin="fixed", fixed="http://x.test")
    assert options_of("cors({ origin: true, credentials: true })") == CorsOptions(origin="reflect", credentials=True)
    assert options_of("cors({ origin: false })") == CorsOptions(origin="off", fixed="")
    listed = options_of("cors({ origin: origins, methods: ['GET', 'POST'], allowedHeaders: 'Authorization' })")
    assert listed == CorsOptions(
        origin="match",
        tests=(OriginTest("http://a.test"), OriginTest("\\.b\\.test$", True, "i")),
        methods="GET,POST",
        allowed_headers="Authorization",
    )
    assert options_of("cors({ preflightContinue: true, optionsSuccessStatus: 200, maxAge: 600 })") == CorsOptions(
        preflight_continue=True, success_status=200
    )


def test_cors_options_that_are_not_literals_are_unknown() -> None:
    for call in (
        "cors({ origin: process.env.CLIENT_URL })",
        "cors({ origin: process.env.CLIENT_URL || 'http://localhost:5173' })",
        "cors({ origin: (origin, callback) => callback(null, true) })",
        "cors({ ...shared })",
        "cors(corsOptionsDelegate)",
        "cors({ credentials: isProduction })",
    ):
        assert options_of(call) is None, call


def test_a_hand_written_cors_middleware_is_read_with_its_options_answer() -> None:
    source = HEAD + (
        "app.use(function (req, res, next) {\n"
        "  res.header('Access-Control-Allow-Origin', '*');\n"
        "  res.set({ 'Access-Control-Allow-Headers': ['Origin', 'Accept'] });\n"
        "  if (req.method === 'OPTIONS') {\n    return res.sendStatus(200);\n  }\n"
        "  next();\n});\n"
    )
    read = express_of(source)
    assert read is not None
    (handler,) = read.layers[0].handlers
    assert handler.kind == "function"
    assert [(w.name, w.values, w.append) for w in handler.writes] == [
        ("access-control-allow-origin", ("*",), False),
        ("access-control-allow-headers", ("Origin", "Accept"), False),
    ]
    assert (handler.options_status, handler.ends) == (200, None)


def test_a_function_that_branches_on_anything_else_is_unknown() -> None:
    for body in (
        "if (allowed.includes(req.headers.origin)) res.header('Access-Control-Allow-Origin', req.headers.origin); "
        "next();",
        "res.header('Access-Control-Allow-Origin', ORIGIN); next();",
        "res.status(code).json({});",
        "next(new Error('no'));",
    ):
        read = express_of(HEAD + f"app.use((req, res, next) => {{ {body} }});\n")
        assert read is not None
        assert read.layers[0].handlers[0].kind == "unknown", body


def test_reflecting_the_request_origin_is_read() -> None:
    write = "res.setHeader('Access-Control-Allow-Origin', req.headers.origin)"
    source = HEAD + f"app.use((req, res, next) => {{ {write}; next(); }});\n"
    read = express_of(source)
    assert read is not None
    assert read.layers[0].handlers[0].writes[0].values == ("\0origin",)


def test_a_registration_inside_an_if_is_conditional_and_a_path_variable_is_not_a_literal() -> None:
    source = HEAD + "if (process.env.DEV) app.use(cors());\napp.get(ROUTES.items, (req, res) => res.json([]));\n"
    read = express_of(source)
    assert read is not None
    assert [layer.conditional for layer in read.layers] == [True, False]
    assert read.layers[1].path == "\0"


def test_an_app_that_handles_no_cors_gives_no_fact() -> None:
    assert (
        express_of("const express = require('express');\nconst app = express();\napp.get('/', (q, r) => r.send(''));\n")
        is None
    )
    assert express_of("const cors = require('cors');\nmodule.exports = cors();\n") is None
