"""The generic CORS findings (core/cors/findings.py): requests assumed from a route, grouped findings, the
place blamed, severities by what is known of the call."""

from __future__ import annotations

from portlint.core.codes import CORS_ORIGIN_NOT_ALLOWED, CORS_PREFLIGHT_FAILS
from portlint.core.cors.exchange import Answer, CorsRequest, CorsRoute, Header, Response, Source
from portlint.core.cors.findings import assumed_requests, cors_findings, dev_origins
from portlint.core.model import Claim, Location, Part, Range, Role, Severity

ROUTE_AT = Location("/w/app.py", Range.of(9, 1))
SETUP = Source(Location("/w/app.py", Range.of(4, 0)), "CORS(app)")
FRONT = Claim(
    "web",
    "vite",
    Role.LISTEN,
    "localhost",
    5173,
    True,
    Location("/w/vite.config.ts", Range.of(2, 8)),
    "x",
    Part.FRONTEND,
)
BACK = Claim("api", "flask", Role.LISTEN, "127.0.0.1", 5000, True, ROUTE_AT, "x", Part.BACKEND)


def answers_origin_without_allow_headers(request: CorsRequest) -> Answer:
    echoed = Response((Header("access-control-allow-origin", request.origin, SETUP),))
    return Answer(echoed, echoed, SETUP, {CORS_PREFLIGHT_FAILS: "add Content-Type to allow_headers"})


def route(methods: tuple[str, ...]) -> CorsRoute:
    return CorsRoute("/api/items", methods, ROUTE_AT, "the app", answers_origin_without_allow_headers)


def test_only_front_end_listeners_are_origins_as_the_browser_writes_them() -> None:
    origins = dev_origins([FRONT, BACK])
    assert [o.origin for o in origins] == ["http://localhost:5173"]


def test_assumed_requests_fail_their_preflight_as_warnings_on_the_setup_one_finding_per_complaint() -> None:
    findings = cors_findings([route(("GET", "POST", "PUT"))], assumed_requests(dev_origins([FRONT])))
    assert {(f.code, f.severity, f.location) for f in findings} == {
        (CORS_PREFLIGHT_FAILS, Severity.WARNING, SETUP.location)
    }
    post, put = sorted(findings, key=lambda f: "PUT" in f.message)
    assert post.message.startswith("a JSON POST /api/items from http://localhost:5173 fails:")
    assert "lacks content-type" in post.message and "Way out: add Content-Type to allow_headers." in post.message
    assert "Access-Control-Allow-Methods of the preflight lacks PUT" in put.message
    assert all(len(f.message) <= 200 for f in findings)


def test_a_known_call_makes_it_an_error_and_is_named_in_related() -> None:
    call = Location("/w/src/api.ts", Range.of(12, 4))

    def from_the_front_end(route: CorsRoute) -> list[CorsRequest]:
        origin = dev_origins([FRONT])[0]
        return [CorsRequest(origin.origin, origin.location, "GET", "/api/items", (), True, call, "fetch in api.ts")]

    findings = cors_findings([route(("GET",))], from_the_front_end)
    assert [(f.code, f.severity) for f in findings] == [("cors-credentials-not-allowed", Severity.ERROR)]
    assert any(r.location == call for r in findings[0].related)


def test_an_uncertain_answer_says_nothing() -> None:
    unknown = CorsRoute("/x", ("POST",), ROUTE_AT, "the app", lambda request: None)
    assert cors_findings([unknown], assumed_requests(dev_origins([FRONT]))) == []


def test_no_origin_header_is_blamed_on_the_route_when_nothing_sets_cors_up() -> None:
    bare = CorsRoute("/x", ("GET",), ROUTE_AT, "the app", lambda request: Answer(Response(), Response()))
    findings = cors_findings([bare], assumed_requests(dev_origins([FRONT])))
    assert [(f.code, f.location) for f in findings] == [(CORS_ORIGIN_NOT_ALLOWED, ROUTE_AT)]
