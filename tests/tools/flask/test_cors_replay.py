"""What Flask 3.1 + flask-cors 6 send, replayed from the parsed source (each rule checked against the real
libraries: tests/cors_browser/flask for the browser's verdict, tests/cors_matrix for the headers)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.core.codes import CORS_ORIGIN_NOT_ALLOWED, CORS_PREFLIGHT_FAILS
from portlint.core.cors.exchange import Answer, CorsRequest, CorsRoute, Response
from portlint.core.cors.findings import cors_findings
from portlint.core.model import Location, Range
from portlint.tools.flask.cors import flask_cors_routes
from portlint.tools.flask.cors_reader import parse_flask_cors

ORIGIN = "http://localhost:4200"
AT = Location("/w/angular.json", Range.of(0, 0))
HEAD = "from flask import Flask, abort, jsonify, redirect, request, session\nfrom flask_cors import CORS\n\n"


def routes(source: str) -> dict[str, CorsRoute]:
    module = parse_flask_cors("/w/app.py", HEAD + source)
    assert module is not None
    return {route.path: route for route in flask_cors_routes([module], [])}


def ask(
    route: CorsRoute, method: str = "POST", headers: tuple[str, ...] = ("content-type",), credentials: bool = False
) -> Answer:
    answer = route.answer(CorsRequest(ORIGIN, AT, method, route.path, headers, credentials))
    assert answer is not None
    return answer


def sent(response: Response) -> dict[str, str]:
    return {h.name: h.value for h in response.headers}


def test_flask_automatic_options_carries_no_cors_headers() -> None:
    (route,) = routes(
        'app = Flask(__name__)\n@app.route("/t", methods=["POST"])\ndef t():\n'
        '    r = jsonify(1)\n    r.headers["Access-Control-Allow-Origin"] = "*"\n    return r\n'
    ).values()
    answer = ask(route)
    assert (answer.preflight.status, sent(answer.preflight)) == (200, {})
    assert sent(answer.response) == {"access-control-allow-origin": "*"}


def test_flask_cors_echoes_requested_headers_and_lists_its_methods() -> None:
    (route,) = routes(
        'app = Flask(__name__)\nCORS(app)\n@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
    ).values()
    got = sent(ask(route, headers=("authorization", "content-type")).preflight)
    assert got["access-control-allow-origin"] == ORIGIN
    assert got["access-control-allow-headers"] == "authorization, content-type"
    assert got["access-control-allow-methods"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    assert "access-control-allow-credentials" not in got


def test_a_method_outside_methods_gets_neither_allow_methods_nor_allow_headers() -> None:
    (route,) = routes(
        'app = Flask(__name__)\nCORS(app, methods=["GET"])\n@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
    ).values()
    assert sent(ask(route).preflight) == {"access-control-allow-origin": ORIGIN}


def test_allow_headers_keeps_only_the_matching_requested_headers() -> None:
    (route,) = routes(
        'app = Flask(__name__)\nCORS(app, allow_headers=["Content-Type"])\n@app.get("/t")\ndef t():\n    pass\n'
    ).values()
    assert "access-control-allow-headers" not in sent(ask(route, "GET", ("authorization",)).preflight)
    assert sent(ask(route, "GET", ("content-type",)).preflight)["access-control-allow-headers"] == "content-type"


def test_a_manual_allow_origin_that_runs_first_silences_flask_cors() -> None:
    source = (
        "app = Flask(__name__)\nCORS(app)\n@app.after_request\ndef star(response):\n"
        '    response.headers["Access-Control-Allow-Origin"] = "*"\n    return response\n'
        '@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
    )
    (route,) = routes(source).values()
    assert sent(ask(route).preflight) == {"access-control-allow-origin": "*"}
    (finding,) = cors_findings([route], lambda r: [CorsRequest(ORIGIN, AT, "POST", r.path, ("content-type",))])
    assert finding.code == CORS_PREFLIGHT_FAILS and finding.location.range.start.line == 7  # the manual line
    assert "drop this line so flask-cors answers the preflight" in finding.message


def test_resources_not_covering_answer_only_a_known_call() -> None:
    source = 'app = Flask(__name__)\nCORS(app, resources={r"/api/*": {}})\n@app.get("/v1/t")\ndef t():\n    pass\n'
    (route,) = routes(source).values()
    assumed = CorsRequest(ORIGIN, AT, "GET", route.path)
    assert route.answer(assumed) is None  # nobody says the page calls it cross-origin
    (finding,) = cors_findings([route], lambda r: [CorsRequest(ORIGIN, AT, "GET", r.path, call=AT)])
    assert finding.code == CORS_ORIGIN_NOT_ALLOWED and "let resources= cover /v1/t" in finding.message


def test_before_request_answers_to_the_preflight() -> None:
    hooks = {
        "abort": 'if "Authorization" not in request.headers:\n        abort(401)',
        "redirect": 'if not session.get("user") and request.endpoint != "login":\n        return redirect("/login")',
        "403": 'if request.headers.get("X-Key") is None:\n        return jsonify(error="no"), 403',
    }
    for kind, body in hooks.items():
        source = (
            f"app = Flask(__name__)\nCORS(app)\n@app.before_request\ndef guard():\n    {body}\n"
            '@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
        )
        (route,) = routes(source).values()
        preflight = ask(route).preflight
        assert preflight.status == {"abort": 401, "redirect": 302, "403": 403}[kind], kind
        assert preflight.status_source is not None and "guard" in preflight.status_source.what
        assert sent(preflight)["access-control-allow-origin"] == ORIGIN  # flask-cors still adds its headers


def test_before_request_guarded_for_options_lets_the_preflight_through() -> None:
    source = (
        'app = Flask(__name__)\nCORS(app)\n@app.before_request\ndef guard():\n    if request.method == "OPTIONS":\n'
        '        return\n    if "Authorization" not in request.headers:\n        abort(401)\n'
        '@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
    )
    (route,) = routes(source).values()
    assert ask(route).preflight.status == 200


def test_what_is_not_a_literal_says_nothing() -> None:
    uncertain = {
        "a hook testing a variable": (
            "@app.before_request\ndef guard():\n    if request.headers.get('X-Key') != KEY:\n        abort(401)\n"
        ),
        "a hook under another decorator": "@app.before_request\n@jwt_required\ndef guard():\n    pass\n",
        "origins from a variable": "",
    }
    for what, hook in uncertain.items():
        cors = "CORS(app, origins=ALLOWED)" if what == "origins from a variable" else "CORS(app)"
        source = f'app = Flask(__name__)\n{cors}\n{hook}@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
        (route,) = routes(source).values()
        request = CorsRequest(ORIGIN, AT, "POST", route.path, ("content-type",), call=AT)
        assert route.answer(request) is None, what


def test_credentials_only_where_supports_credentials() -> None:
    plain = routes('app = Flask(__name__)\nCORS(app)\n@app.get("/t")\ndef t():\n    pass\n')["/t"]
    assert not plain.expects_credentials
    assert "access-control-allow-credentials" not in sent(ask(plain, "GET", (), credentials=True).response)
    allowed = routes(
        'app = Flask(__name__)\nCORS(app, supports_credentials=True)\n@app.get("/t")\ndef t():\n    pass\n'
    )
    assert allowed["/t"].expects_credentials
    assert sent(ask(allowed["/t"], "GET", (), credentials=True).response)["access-control-allow-credentials"] == "true"


def test_only_flask_cors_config_keys_make_options_unknown() -> None:
    def answer(config: str) -> Answer | None:
        source = f'app = Flask(__name__)\n{config}\nCORS(app)\n@app.get("/t")\ndef t():\n    pass\n'
        (route,) = routes(source).values()
        return route.answer(CorsRequest(ORIGIN, AT, "GET", "/t", call=AT))

    assert answer("app.config['CORS_HEADERS'] = 'Content-Type'") is not None  # flask-cors never reads it
    assert answer("app.config['CORS_ORIGINS'] = ORIGINS") is None


def test_a_header_written_through_an_alias_or_a_helper() -> None:
    def preflight(hook_body: str) -> Answer | None:
        source = (
            "app = Flask(__name__)\nCORS(app)\n@app.after_request\ndef after(response):\n"
            f"{hook_body}    return response\n"
            '@app.route("/t", methods=["POST"])\ndef t():\n    pass\n'
        )
        (route,) = routes(source).values()
        return route.answer(CorsRequest(ORIGIN, AT, "POST", "/t", ("content-type",), call=AT))

    aliased = preflight("    header = response.headers\n    header['Access-Control-Allow-Origin'] = '*'\n")
    assert aliased is not None and sent(aliased.preflight) == {"access-control-allow-origin": "*"}
    assert preflight("    add_headers(response, {'Access-Control-Allow-Origin': '*'})\n") is None


def test_routes_on_a_blueprint_of_another_module() -> None:
    files = {
        "/w/app/__init__.py": (
            "from flask import Flask\nfrom flask_cors import CORS\n\ndef create_app():\n    app = Flask(__name__)\n"
            '    CORS(app, origins=["http://localhost:3000"])\n    from .api import api as api_blueprint\n'
            '    app.register_blueprint(api_blueprint, url_prefix="/api")\n    return app\n'
        ),
        "/w/app/api/__init__.py": 'from flask import Blueprint\n\napi = Blueprint("api", __name__)\n',
        "/w/app/api/views.py": 'from flask import jsonify\n\nfrom . import api\n\n@api.get("/t")\ndef t():\n    pass\n',
    }
    modules = [m for path, text in files.items() if (m := parse_flask_cors(path, text)) is not None]
    (route,) = flask_cors_routes(modules, [])
    assert route.path == "/api/t" and route.location.file == "/w/app/api/views.py"
    (finding,) = cors_findings([route], lambda r: [CorsRequest(ORIGIN, AT, "GET", r.path)])
    assert finding.code == CORS_ORIGIN_NOT_ALLOWED and finding.location.file == "/w/app/__init__.py"


def test_a_blueprint_under_a_prefix_not_written_out_is_not_judged() -> None:
    blueprint = 'bp = Blueprint("bp", __name__{})\n@bp.get("/t")\ndef t():\n    pass\n'
    app = 'app = Flask(__name__)\nCORS(app, resources={{r"/api/*": {{}}}})\napp.register_blueprint(bp{})\n'
    head = "from flask import Blueprint\n"
    for in_blueprint, at_registration in (("", ", url_prefix=PREFIX"), (", url_prefix=PREFIX", "")):
        source = head + blueprint.format(in_blueprint) + app.format(at_registration)
        assert routes(source) == {}, (in_blueprint, at_registration)
    assert list(routes(head + blueprint.format(", url_prefix=PREFIX") + app.format(', url_prefix="/api"'))) == [
        "/api/t"
    ]


_PIECES = [
    *"@()=\"',[]{}:\n *",
    *("app", ".route", ".before_request", ".after_request", "def f(r):", "return ", "abort(401)", "if ", "not "),
    *("request.method", "== 'OPTIONS'", "session", ".get('u')", "CORS(app", "methods=", "resources=", "'/t'"),
    *("allow_headers=", "response.headers", "['Access-Control-Allow-Origin']", "Flask(__name__)", "\n    "),
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join))
def test_garbage_never_raises(garbage: str) -> None:
    module = parse_flask_cors("/w/app.py", HEAD + "app = Flask(__name__)\n" + garbage)
    for route in flask_cors_routes([module] if module is not None else [], []):
        for method in ("GET", "PUT"):
            route.answer(CorsRequest(ORIGIN, AT, method, route.path, ("authorization",), True, AT))


def test_the_way_out_names_the_missing_header_where_it_is_written() -> None:
    manual = (
        "app = Flask(__name__)\n@app.after_request\ndef cors(response):\n"
        "    response.headers['Access-Control-Allow-Origin'] = '*'\n"
        "    response.headers['Access-Control-Allow-Headers'] = 'Content-Type'\n    return response\n"
    )
    configured = 'app = Flask(__name__)\nCORS(app, allow_headers=["Content-Type"])\n'
    for source, way_out, line in (
        (manual, 'add "Authorization" to this header', 7),
        (configured, 'add "Authorization" to allow_headers=', 4),
    ):
        (route,) = routes(source + '@app.get("/t")\ndef t():\n    pass\n').values()
        request = CorsRequest(ORIGIN, AT, "GET", "/t", ("authorization", "content-type"))
        (finding,) = cors_findings([route], lambda r, request=request: [request])
        assert finding.code == CORS_PREFLIGHT_FAILS and way_out in finding.message
        assert finding.location.range.start.line == line


def test_an_unknown_before_request_matters_to_the_request_only_when_it_could_change_the_headers() -> None:
    guard = "@app.before_request\ndef guard():\n    if request.headers.get('X-Key') != KEY:\n        abort(401)\n"
    manual = "@app.after_request\ndef star(r):\n    r.headers.add('Access-Control-Allow-Origin', '*')\n    return r\n"
    view = '@app.get("/t")\ndef t():\n    pass\n'
    get = CorsRequest(ORIGIN, AT, "GET", "/t", call=AT)
    (plain,) = routes(f"app = Flask(__name__)\nCORS(app)\n{guard}{view}").values()
    assert plain.answer(get) is not None  # abort() or not, flask-cors adds the same header
    # registered after CORS(app), the manual `*` runs first and flask-cors stays out; after an abort(), flask-cors
    # has answered the error first and the manual `*` is a second value (checked with the real libraries)
    (both,) = routes(f"app = Flask(__name__)\nCORS(app)\n{manual}{guard}{view}").values()
    assert both.answer(get) is None


def test_hooks_whose_function_or_object_is_not_known_say_nothing() -> None:
    view = '@app.get("/t")\ndef t():\n    pass\n'
    imported = f"from .cors import add_headers\napp = Flask(__name__)\napp.after_request(add_headers)\n{view}"
    (route,) = routes(imported).values()
    assert route.answer(CorsRequest(ORIGIN, AT, "GET", "/t", call=AT)) is None
    stray = (
        "@current_app.after_request\ndef star(r):\n    r.headers['Access-Control-Allow-Origin'] = '*'\n    return r\n"
    )
    app = parse_flask_cors("/w/app.py", HEAD + f"app = Flask(__name__)\n{view}")
    middleware = parse_flask_cors("/w/middleware.py", "from flask import current_app\n" + stray)
    assert app is not None and middleware is not None
    assert flask_cors_routes([app, middleware], []) == []  # which app current_app is, is not known here
    assert len(flask_cors_routes([app], [])) == 1


def test_the_order_modules_are_read_in_does_not_matter() -> None:
    files = {
        "/w/views.py": 'from flask import jsonify\n\nfrom app import app\n\n@app.get("/t")\ndef t():\n    pass\n',
        "/w/app.py": "from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app)\n",
    }
    modules = [m for path, text in files.items() if (m := parse_flask_cors(path, text)) is not None]
    assert [r.path for r in flask_cors_routes(modules, [])] == ["/t"]
    assert [r.path for r in flask_cors_routes(modules[::-1], [])] == ["/t"]
