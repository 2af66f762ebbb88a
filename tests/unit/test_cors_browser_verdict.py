"""The browser's verdict (core/cors/browser.py) on hand-made answers: one test per way Chromium refuses an
exchange, and the exchanges it lets through. tests/cors_browser checks the same verdicts against real
Chromium on real servers."""

from __future__ import annotations

from portlint.core.codes import (
    CORS_CREDENTIALS_NOT_ALLOWED,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from portlint.core.cors.browser import verdict
from portlint.core.cors.exchange import Answer, CorsRequest, Header, Response, Source
from portlint.core.model import Location, Range

ORIGIN = "http://localhost:4200"
HERE = Location("/w/app.py", Range.of(3, 0))
SOURCE = Source(HERE, "CORS(app)")


def request(method: str = "GET", headers: tuple[str, ...] = (), credentials: bool = False) -> CorsRequest:
    return CorsRequest(ORIGIN, HERE, method, "/api", headers, credentials)


def response(status: int = 200, **headers: str | list[str]) -> Response:
    lines = []
    for name, value in headers.items():
        for one in value if isinstance(value, list) else [value]:
            lines.append(Header(name.replace("_", "-"), one, SOURCE))
    return Response(tuple(lines), status, SOURCE if status != 200 else None)


def judged(req: CorsRequest, preflight: Response, actual: Response) -> tuple[str, str] | None:
    found = verdict(req, Answer(preflight, actual))
    return None if found is None else (found.code, found.header)


ALLOW = {"access_control_allow_origin": ORIGIN}


def test_a_simple_get_needs_no_preflight_and_passes_with_the_origin_echoed() -> None:
    assert judged(request(), response(404), response(**ALLOW)) is None
    assert judged(request(), response(), response(access_control_allow_origin="*")) is None


def test_no_allow_origin_on_the_response() -> None:
    assert judged(request(), response(), response()) == (CORS_ORIGIN_NOT_ALLOWED, "access-control-allow-origin")


def test_another_origin() -> None:
    other = response(access_control_allow_origin="http://example.com")
    assert judged(request(), response(), other) == (CORS_ORIGIN_NOT_ALLOWED, "access-control-allow-origin")


def test_two_values_on_two_lines_or_one() -> None:
    two_lines = response(access_control_allow_origin=["*", ORIGIN])
    one_line = response(access_control_allow_origin=f"*, {ORIGIN}")
    assert judged(request(), response(), two_lines)[0] == CORS_DUPLICATE_ALLOW_ORIGIN  # type: ignore[index]
    assert judged(request(), response(), one_line)[0] == CORS_DUPLICATE_ALLOW_ORIGIN  # type: ignore[index]


def test_credentials_need_the_origin_itself_and_allow_credentials_true() -> None:
    star = response(access_control_allow_origin="*", access_control_allow_credentials="true")
    assert judged(request(credentials=True), response(), star)[0] == CORS_WILDCARD_WITH_CREDENTIALS  # type: ignore[index]
    no_credentials = response(**ALLOW)
    assert judged(request(credentials=True), response(), no_credentials) == (
        CORS_CREDENTIALS_NOT_ALLOWED,
        "access-control-allow-credentials",
    )
    both = response(**ALLOW, access_control_allow_credentials="true")
    assert judged(request(credentials=True), response(), both) is None


def test_a_json_post_is_preflighted_and_needs_content_type_allowed() -> None:
    json_post = request("POST", ("content-type",))
    bare = response(**ALLOW)
    assert judged(json_post, bare, bare) == (CORS_PREFLIGHT_FAILS, "access-control-allow-headers")
    allowed = response(**ALLOW, access_control_allow_headers="Content-Type, Authorization")
    assert judged(json_post, allowed, bare) is None
    assert judged(json_post, response(**ALLOW, access_control_allow_headers="*"), bare) is None


def test_the_wildcard_never_covers_authorization_nor_anything_with_credentials() -> None:
    star_headers = response(**ALLOW, access_control_allow_headers="*", access_control_allow_credentials="true")
    assert judged(request("GET", ("authorization",)), star_headers, star_headers)[0] == CORS_PREFLIGHT_FAILS  # type: ignore[index]
    credentialed = request("GET", ("x-token",), credentials=True)
    assert judged(credentialed, star_headers, star_headers)[0] == CORS_PREFLIGHT_FAILS  # type: ignore[index]


def test_methods_beyond_get_head_post_must_be_listed() -> None:
    put = request("PUT")
    assert judged(put, response(**ALLOW, access_control_allow_methods="GET, POST"), response(**ALLOW)) == (
        CORS_PREFLIGHT_FAILS,
        "access-control-allow-methods",
    )
    assert judged(put, response(**ALLOW, access_control_allow_methods="GET,PUT"), response(**ALLOW)) is None


def test_a_preflight_answered_without_2xx_or_redirected_fails_whatever_its_headers() -> None:
    for status in (401, 403, 404, 405, 500):
        assert judged(request("DELETE"), response(status, **ALLOW), response(**ALLOW))[0] == CORS_PREFLIGHT_FAILS  # type: ignore[index]
    redirected = verdict(request("DELETE"), Answer(response(302, **ALLOW), response(**ALLOW)))
    assert redirected is not None and "Redirect is not allowed" in redirected.complaint


def test_allow_origin_is_checked_before_the_preflights_status() -> None:
    """Real Chromium on FastAPI's 405 and Starlette's 400 "Disallowed CORS origin" (tests/cors_browser/fastapi):
    no Allow-Origin is what it reports, not the status."""
    for status in (400, 405):
        found = verdict(request("PUT"), Answer(response(status), response(**ALLOW)))
        assert found is not None and (found.code, found.preflight) == (CORS_ORIGIN_NOT_ALLOWED, True)
        assert "No 'Access-Control-Allow-Origin' header" in found.complaint


def test_the_preflight_itself_needs_allow_origin() -> None:
    found = verdict(request("PUT"), Answer(response(), response(**ALLOW)))
    assert found is not None and found.code == CORS_ORIGIN_NOT_ALLOWED and found.preflight
    assert found.complaint.startswith("Response to preflight request doesn't pass access control check")
