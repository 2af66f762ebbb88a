"""The browser's verdict on a backend's answer to a cross-origin request: the Fetch standard's CORS check and
CORS-preflight fetch, in the order Chromium applies them, with Chromium's own wording of each failure
(tests/cors_browser compares these verdicts with real Chromium's console errors)."""

from __future__ import annotations

from dataclasses import dataclass

from ..codes import (
    CORS_CREDENTIALS_NOT_ALLOWED,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from .exchange import SIMPLE_METHODS, Answer, CorsRequest, Header, Response, Source

ALLOW_ORIGIN = "access-control-allow-origin"
ALLOW_CREDENTIALS = "access-control-allow-credentials"
ALLOW_METHODS = "access-control-allow-methods"
ALLOW_HEADERS = "access-control-allow-headers"
# A wildcard in Access-Control-Allow-Headers never covers Authorization (Fetch: "CORS non-wildcard request-header
# name").
_NOT_COVERED_BY_WILDCARD = frozenset({"authorization"})


@dataclass(frozen=True)
class Verdict:
    """Why the browser refuses the exchange: the finding code, the header it complains about, its complaint in
    Chromium's words, and the source to blame (None: a header is missing, blame the CORS setup or route)."""

    code: str
    header: str
    complaint: str
    short: str  # the complaint in a few words, for the finding's message
    blame: Source | None
    preflight: bool  # the preflight failed (the request itself was never sent)


def verdict(request: CorsRequest, answer: Answer) -> Verdict | None:
    """None when the browser lets the page read the response."""
    if request.needs_preflight:
        failed = _preflight_verdict(request, answer.preflight)
        if failed is not None:
            return failed
    return _access_verdict(request, answer.response, preflight=False)


def _preflight_verdict(request: CorsRequest, preflight: Response) -> Verdict | None:
    prefix = "Response to preflight request doesn't pass access control check: "
    if 300 <= preflight.status < 400:
        return Verdict(
            CORS_PREFLIGHT_FAILS,
            "",
            "Redirect is not allowed for a preflight request.",
            "the preflight is redirected",
            preflight.status_source,
            True,
        )
    # Chromium checks Allow-Origin (and Allow-Credentials) before the status: a 405 or 400 preflight without
    # Allow-Origin is "No 'Access-Control-Allow-Origin' header is present" (FastAPI's, Starlette's refusals).
    failed = _access_verdict(request, preflight, preflight=True)
    if failed is not None:
        return failed
    if not 200 <= preflight.status < 300:
        return Verdict(
            CORS_PREFLIGHT_FAILS,
            "",
            prefix + "It does not have HTTP ok status.",
            f"the preflight is answered {preflight.status}",
            preflight.status_source,
            True,
        )
    return _methods_verdict(request, preflight) or _headers_verdict(request, preflight)


def _access_verdict(request: CorsRequest, response: Response, *, preflight: bool) -> Verdict | None:
    """The CORS check: exactly one Allow-Origin, `*` or the origin itself, and Allow-Credentials `true` when
    credentials are sent."""
    prefix = "Response to preflight request doesn't pass access control check: " if preflight else ""
    origins = response.lines(ALLOW_ORIGIN)
    values = [item.strip() for header in origins for item in header.value.split(",")]
    if not origins:
        return Verdict(
            CORS_ORIGIN_NOT_ALLOWED,
            ALLOW_ORIGIN,
            prefix + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "no Access-Control-Allow-Origin" + (" on the preflight" if preflight else ""),
            None,
            preflight,
        )
    if len(values) > 1:
        return Verdict(
            CORS_DUPLICATE_ALLOW_ORIGIN,
            ALLOW_ORIGIN,
            prefix + f"The 'Access-Control-Allow-Origin' header contains multiple values '{', '.join(values)}', "
            "but only one is allowed.",
            f"two Access-Control-Allow-Origin values ({', '.join(values)})",
            origins[-1].source,
            preflight,
        )
    value = values[0]
    if value == "*" and request.credentials:
        return Verdict(
            CORS_WILDCARD_WITH_CREDENTIALS,
            ALLOW_ORIGIN,
            prefix + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
            "wildcard '*' when the request's credentials mode is 'include'.",
            "Access-Control-Allow-Origin `*` for a request with credentials",
            origins[0].source,
            preflight,
        )
    if value != "*" and value != request.origin:
        return Verdict(
            CORS_ORIGIN_NOT_ALLOWED,
            ALLOW_ORIGIN,
            prefix + f"The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the "
            "supplied origin.",
            f"Access-Control-Allow-Origin is `{value}`, not this origin",
            origins[0].source,
            preflight,
        )
    if request.credentials:
        return _credentials_verdict(response.lines(ALLOW_CREDENTIALS), prefix, preflight)
    return None


def _credentials_verdict(lines: list[Header], prefix: str, preflight: bool) -> Verdict | None:
    value = ", ".join(header.value for header in lines)
    if value == "true":
        return None
    return Verdict(
        CORS_CREDENTIALS_NOT_ALLOWED,
        ALLOW_CREDENTIALS,
        prefix + f"The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which "
        "must be 'true' when the request's credentials mode is 'include'.",
        "no `Access-Control-Allow-Credentials: true` for a request with credentials",
        lines[0].source if lines else None,
        preflight,
    )


def _methods_verdict(request: CorsRequest, preflight: Response) -> Verdict | None:
    allowed = preflight.listed(ALLOW_METHODS)
    if request.method in SIMPLE_METHODS or request.method in allowed:
        return None
    if "*" in allowed and not request.credentials:
        return None
    lines = preflight.lines(ALLOW_METHODS)
    return Verdict(
        CORS_PREFLIGHT_FAILS,
        ALLOW_METHODS,
        f"Method {request.method} is not allowed by Access-Control-Allow-Methods in preflight response.",
        f"Access-Control-Allow-Methods of the preflight lacks {request.method}",
        lines[0].source if lines else None,
        True,
    )


def _headers_verdict(request: CorsRequest, preflight: Response) -> Verdict | None:
    allowed = {name.lower() for name in preflight.listed(ALLOW_HEADERS)}
    wildcard = "*" in allowed and not request.credentials
    for name in request.unsafe_headers:
        if name in allowed or (wildcard and name not in _NOT_COVERED_BY_WILDCARD):
            continue
        lines = preflight.lines(ALLOW_HEADERS)
        return Verdict(
            CORS_PREFLIGHT_FAILS,
            ALLOW_HEADERS,
            f"Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response.",
            f"Access-Control-Allow-Headers of the preflight lacks {name}",
            lines[0].source if lines else None,
            True,
        )
    return None
