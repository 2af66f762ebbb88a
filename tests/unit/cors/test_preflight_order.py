"""The order of Chromium's preflight checks (real Chromium 156 in tests/cors_browser/flask/
before_request_401_origin_not_allowed and before_request_redirect_origin_not_allowed): a redirect first,
then Allow-Origin, then the status."""

from __future__ import annotations

from portlint.core.codes import CORS_ORIGIN_NOT_ALLOWED, CORS_PREFLIGHT_FAILS
from portlint.core.cors.browser import verdict
from portlint.core.cors.exchange import Answer, CorsRequest, Header, Response, Source
from portlint.core.model import Location, Range

HERE = Location("/x/app.py", Range.of(0, 0))
AUTHORIZED_GET = CorsRequest("http://localhost:4200", HERE, "GET", "/api/me", ("authorization",))


def test_a_401_preflight_without_allow_origin_is_the_missing_header() -> None:
    judged = verdict(AUTHORIZED_GET, Answer(Response(status=401), Response()))
    assert judged is not None and judged.code == CORS_ORIGIN_NOT_ALLOWED and judged.preflight


def test_a_401_preflight_with_allow_origin_is_the_status() -> None:
    allowed = (Header("access-control-allow-origin", "*", Source(HERE, "CORS()")),)
    judged = verdict(AUTHORIZED_GET, Answer(Response(allowed, 401), Response(allowed)))
    assert judged is not None and judged.code == CORS_PREFLIGHT_FAILS
    assert judged.complaint.endswith("It does not have HTTP ok status.")


def test_a_redirected_preflight_is_the_redirect_even_without_allow_origin() -> None:
    judged = verdict(AUTHORIZED_GET, Answer(Response(status=302), Response()))
    assert judged is not None and judged.code == CORS_PREFLIGHT_FAILS
    assert judged.complaint == (
        "Response to preflight request doesn't pass access control check: Redirect is not allowed for a "
        "preflight request."
    )
