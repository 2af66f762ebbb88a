"""The request planner (core/cors/plan.py): which requests the front end's calls make cross-origin, which the
dev proxy (or a relative URL) keeps same-origin, and when requests are still assumed from the route alone."""

from __future__ import annotations

from portlint.core.codes import CORS_ORIGIN_NOT_ALLOWED
from portlint.core.cors.calls import RUN_TIME, BrowserCall, ClientValue, Named, UrlTemplate
from portlint.core.cors.exchange import Answer, CorsRequest, CorsRoute, Response
from portlint.core.cors.findings import cors_findings
from portlint.core.cors.plan import CallValues, Fate, RequestPlan, plan_requests
from portlint.core.facts import DotenvFile, Token
from portlint.core.model import Claim, Location, Part, Range, Role, Severity

ROOT = "/w"
FRONT_END = "/w/frontend"
ROUTE_AT = Location("/w/backend/app.py", Range.of(9, 1))
FRONT = Claim(
    "web", "vite", Role.LISTEN, "localhost", 5173, True, Location(f"{FRONT_END}/vite.config.ts", Range.of(2, 8)), "x",
    Part.FRONTEND,
)  # fmt: skip
BACK = Claim("api", "flask", Role.LISTEN, "127.0.0.1", 5000, True, ROUTE_AT, "x", Part.BACKEND)
PROXY = Claim(
    "vite proxy /api", "vite", Role.CONNECT, "localhost", 5000, True,
    Location(f"{FRONT_END}/vite.config.ts", Range.of(6, 30)), "x", Part.PROXY,
)  # fmt: skip
SERVICE = f"{FRONT_END}/src/api.service.ts"
NO_VALUES = CallValues({}, {})


def call(
    url: UrlTemplate,
    method: str | None = "GET",
    file: str = SERVICE,
    unsafe_headers: tuple[str, ...] = (),
    credentials: bool = False,
) -> BrowserCall:
    return BrowserCall(file, Location(file, Range.of(3, 4, 3, 9)), "fetch", method, url, unsafe_headers, credentials)


def refused(request: CorsRequest) -> Answer:
    """A backend that answers without any CORS header."""
    return Answer(Response(), Response())


def route(path: str = "/api/items", methods: tuple[str, ...] = ("GET", "POST"), port: int | None = 5000) -> CorsRoute:
    return CorsRoute(path, methods, ROUTE_AT, "the Flask app", refused, port=port)


def plan(calls: list[BrowserCall], claims: list[Claim], values: CallValues = NO_VALUES) -> RequestPlan:
    return plan_requests(calls, values, claims, ROOT)


def test_a_relative_call_through_the_dev_proxy_is_same_origin_no_request() -> None:
    planned = plan([call(("/api/items",), "POST", unsafe_headers=("content-type",))], [FRONT, PROXY, BACK])
    assert [p.fate for p in planned.front_ends[0].calls] == [Fate.SAME_ORIGIN]
    assert planned(route()) == []


def test_a_relative_call_without_a_proxy_goes_to_the_dev_server_not_the_backend() -> None:
    assert plan([call(("/api/items",))], [FRONT, BACK])(route()) == []


def test_an_absolute_call_to_the_backend_port_is_a_cross_origin_request_with_the_front_end_origin() -> None:
    post = call(
        ("http://127.0.0.1:5000/api/items/", RUN_TIME, "?full=1"), "POST", unsafe_headers=("content-type",),
        credentials=True,
    )  # fmt: skip
    planned = plan([post], [FRONT, BACK])
    (request,) = planned(route("/api/items/<int:item_id>"))
    assert (request.origin, request.method, request.path) == ("http://localhost:5173", "POST", "/api/items/1")
    assert (request.unsafe_headers, request.credentials, request.call) == (("content-type",), True, post.location)
    assert request.described == "the POST in frontend/src/api.service.ts"
    assert request.needs_preflight


def test_a_call_to_the_backend_root_reaches_its_root_route() -> None:
    assert len(plan([call(("http://localhost:5000",))], [FRONT, BACK])(route("/", ("GET",)))) == 1


def test_the_route_must_serve_the_port_the_path_and_the_method() -> None:
    planned = plan([call(("http://localhost:5000/api/items",), "DELETE")], [FRONT, BACK])
    assert planned(route()) == []  # the route serves GET and POST
    assert planned(route(methods=("DELETE",), port=8000)) == []
    assert planned(route("/api/other", methods=("DELETE",))) == []
    assert len(planned(route(methods=("DELETE",)))) == 1
    assert len(planned(route(methods=("DELETE",), port=None))) == 1  # a backend listens on 5000


def test_a_call_to_the_page_own_origin_or_to_a_port_no_backend_has_makes_no_request() -> None:
    own = call(("http://localhost:5173/api/items",))
    other = call(("http://localhost:9999/api/items",))
    remote = call(("https://api.example.com/api/items",))
    planned = plan([own, other, remote], [FRONT, BACK])
    assert [p.fate for p in planned.front_ends[0].calls] == [Fate.SAME_ORIGIN, Fate.ELSEWHERE, Fate.ELSEWHERE]
    assert planned(route(port=None)) == []


def test_without_calls_or_proxy_the_typical_requests_are_assumed_and_with_a_proxy_none() -> None:
    assert [r.method for r in plan([], [FRONT, BACK])(route())] == ["GET", "POST"]
    assert all(r.call is None for r in plan([], [FRONT, BACK])(route()))
    assert plan([], [FRONT, PROXY, BACK])(route()) == []


def test_a_second_way_of_starting_the_same_dev_server_does_not_bring_assumed_requests_back() -> None:
    script = Claim(
        "web (npm run dev)", "vite", Role.LISTEN, "localhost", 5173, True, Location("/w/package.json", Range.of(3, 9)),
        "x", Part.FRONTEND,
    )  # fmt: skip
    planned = plan([call(("/api/items",))], [script, FRONT, PROXY, BACK])
    assert [(front.folder, front.proxied) for front in planned.front_ends] == [("/w", False), (FRONT_END, True)]
    assert planned(route()) == []
    assert not planned.judges("http://localhost:5173", "/api/items", "GET")


def test_calls_with_unknown_origin_or_method_count_as_calls_but_make_no_request() -> None:
    unknown = [call((RUN_TIME, "/api/items")), call(("http://localhost:5000/api/items",), None)]
    planned = plan(unknown, [FRONT, BACK])
    assert [p.fate for p in planned.front_ends[0].calls] == [Fate.UNKNOWN, Fate.UNKNOWN]
    assert planned(route()) == []


def test_server_side_code_in_the_front_end_tree_and_calls_outside_it_are_not_browser_calls() -> None:
    server_side = call(("http://localhost:5000/api/items",), file=f"{FRONT_END}/pages/api/items.ts")
    elsewhere = call(("http://localhost:5000/api/items",), file="/w/scripts/seed.ts")
    planned = plan([server_side, elsewhere], [FRONT, BACK])
    assert planned.front_ends[0].calls == []
    assert len(planned(route())) == 2  # assumed: nothing shows how this front end calls


def dotenv(name: str, **values: str) -> DotenvFile:
    path = f"{FRONT_END}/{name}"
    return DotenvFile(path, {key: Token(value, Location(path, Range.of(0, 0))) for key, value in values.items()})


def test_env_values_follow_each_build_tool_order_and_the_fallback_applies_when_none_is_set() -> None:
    values = CallValues.of(
        [
            dotenv(".env", VITE_API="http://localhost:1", REACT_APP_API="http://localhost:1"),
            dotenv(".env.local", VITE_API="http://localhost:2", REACT_APP_API="http://localhost:5000"),
            dotenv(".env.development", VITE_API="http://localhost:5000", REACT_APP_API="http://localhost:3"),
        ]
    )
    calls = [
        call((Named("env:VITE_API"), "/api/items")),  # Vite: .env.development before .env.local
        call((Named("env:REACT_APP_API"), "/api/items")),  # CRA: .env.local before .env.development
        call((Named("env:VITE_NONE", ("http://localhost:5000",)), "/api/items")),
        call((Named("env:VITE_NONE"), "/api/items")),
    ]
    planned = plan(calls, [FRONT, BACK], values)
    assert [(p.fate, p.port) for p in planned.front_ends[0].calls] == [
        (Fate.CROSS_ORIGIN, 5000),
        (Fate.CROSS_ORIGIN, 5000),
        (Fate.CROSS_ORIGIN, 5000),
        (Fate.UNKNOWN, None),
    ]


def test_angular_environment_member_comes_from_the_file_ng_serve_uses() -> None:
    environments = f"{FRONT_END}/src/environments"
    values = CallValues.of(
        [
            ClientValue(f"{environments}/environment.ts", "environment.apiUrl", "https://api.example.com"),
            ClientValue(f"{environments}/environment.development.ts", "environment.apiUrl", "http://localhost:5000"),
        ]
    )
    planned = plan([call((Named("environment.apiUrl"), "/api/items"), file=f"{FRONT_END}/src/app/a.service.ts")],
                   [FRONT, BACK], values)  # fmt: skip
    assert [p.fate for p in planned.front_ends[0].calls] == [Fate.CROSS_ORIGIN]


def test_a_known_call_refused_is_an_error_naming_the_call() -> None:
    post = call(("http://localhost:5000/api/items",), "POST", unsafe_headers=("content-type",))
    findings = cors_findings([route()], plan([post], [FRONT, BACK]))
    assert [(f.code, f.severity) for f in findings] == [(CORS_ORIGIN_NOT_ALLOWED, Severity.ERROR)]
    assert findings[0].message.startswith("the POST in frontend/src/api.service.ts from http://localhost:5173")
    assert any(related.location == post.location for related in findings[0].related)


def test_judges_says_which_origin_and_route_a_backend_of_unknown_port_is_to_be_judged_for() -> None:
    proxied = plan([call(("/api/items",))], [FRONT, PROXY, BACK])
    direct = plan([call(("http://localhost:5000/api/items",))], [FRONT, BACK])
    assumed = plan([], [FRONT, BACK])
    origin = "http://localhost:5173"
    assert not proxied.judges(origin, "/api/items", "GET")
    assert direct.judges(origin, "/api/items", "GET") and not direct.judges(origin, "/api/items", "POST")
    assert assumed.judges(origin, "/anything", "PUT")
    assert not assumed.judges("http://localhost:1", "/anything", "PUT")
