"""Which requests the front ends of realistic layouts make, as the CORS findings see them (core/cors/plan.py):
calls read from their source, URLs followed into .env and Angular's environment, same-origin through the dev
proxy, cross-origin by absolute URL."""

from __future__ import annotations

from portlint.core.cors.exchange import Answer, CorsRoute, Response
from portlint.core.cors.plan import Fate, RequestPlan, plan_from_facts
from portlint.core.model import Location, Range
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace

from .figures import LAYOUTS


def plan_of(name: str) -> RequestPlan:
    root = str(LAYOUTS / name)
    facts, _ = load_workspace(root)
    return plan_from_facts(facts, resolve(facts, root, {}), root)


def route(path: str, port: int | None = None) -> CorsRoute:
    at = Location("/nowhere.py", Range.of(0, 0))
    return CorsRoute(
        path, ("GET", "POST", "DELETE"), at, "a backend", lambda r: Answer(Response(), Response()), port=port
    )


def fates(plan: RequestPlan) -> list[tuple[str | None, Fate, int | None, str]]:
    return [(p.call.method, p.fate, p.port, p.path) for front in plan.front_ends for p in front.calls]


def test_angular_calls_through_proxy_conf_are_same_origin_so_no_request() -> None:
    plan = plan_of("angular-flask-proxy-cors-origins")
    assert [front.proxied for front in plan.front_ends] == [True]
    assert fates(plan) == [
        ("GET", Fate.SAME_ORIGIN, None, ""),
        ("POST", Fate.SAME_ORIGIN, None, ""),
        ("DELETE", Fate.SAME_ORIGIN, None, ""),
    ]
    assert plan(route("/api/items")) == plan(route("/api/items/<int:item_id>")) == []


def test_angular_service_base_url_is_cross_origin_to_the_flask_port() -> None:
    plan = plan_of("angular-flask-absolute-api-url")
    assert fates(plan) == [
        ("GET", Fate.CROSS_ORIGIN, 5000, "/api/housing-data"),
        ("GET", Fate.CROSS_ORIGIN, 5000, "/api/forecast?months=\0"),
    ]
    (request,) = plan(route("/api/forecast"))
    assert (request.origin, request.method, request.path) == ("http://localhost:4200", "GET", "/api/forecast")
    assert request.described == "the GET in frontend/housing-app/src/app/services/api.service.ts"


def test_vite_env_api_url_in_a_vue_component_is_cross_origin_to_the_fastapi_port() -> None:
    plan = plan_of("vite-vue-fastapi-env-api-url")
    assert fates(plan) == [("GET", Fate.CROSS_ORIGIN, 8000, "/api/hello")]
    requests = plan(route("/api/hello", 8000))
    assert "http://localhost:5173" in {request.origin for request in requests}
    assert all(request.call is not None and not request.needs_preflight for request in requests)
    assert plan(route("/api/hello", 5000)) == []


def test_react_src_api_js_read_through_the_node_kind_goes_through_the_vite_proxy() -> None:
    plan = plan_of("vite-react-flask-proxy")
    assert fates(plan) == [("GET", Fate.SAME_ORIGIN, None, "")]
    assert plan(route("/api/hello")) == []
