"""The way out of a CORS failure in Express's own terms: what to pass to `cors()`, where to register it, how to
answer preflights, which manual header write to change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.codes import (
    CORS_CREDENTIALS_NOT_ALLOWED,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from ...core.cors.browser import Verdict
from ...core.cors.exchange import CorsRequest
from .express_facts import ALLOW_HEADERS, ALLOW_METHODS

if TYPE_CHECKING:
    from .express_cors import _Ran
    from .express_stack import Step


def way_out(judged: Verdict, request: CorsRequest, ran: _Ran, stack: list[Step]) -> str:
    by_cors = judged.blame is not None and ran.cors is not None and judged.blame.location == ran.cors.location
    if judged.code == CORS_ORIGIN_NOT_ALLOWED:
        return _origin_way_out(judged, request, ran, stack, by_cors)
    if judged.code == CORS_CREDENTIALS_NOT_ALLOWED:
        if ran.cors is not None:
            return "pass credentials: true to cors()"
        return "set Access-Control-Allow-Credentials: true"
    if judged.code == CORS_WILDCARD_WITH_CREDENTIALS:
        if by_cors:
            return f"pass origin: '{request.origin}' to cors()"
        return f"set it to '{request.origin}' instead of '*'"
    if judged.code == CORS_DUPLICATE_ALLOW_ORIGIN:
        return "res.set replaces the header, res.append adds a second one"
    if judged.code == CORS_PREFLIGHT_FAILS:
        return _preflight_way_out(judged, request, ran, by_cors)
    return ""


def _origin_way_out(judged: Verdict, request: CorsRequest, ran: _Ran, stack: list[Step], by_cors: bool) -> str:
    origin = request.origin
    if judged.blame is not None:  # a value other than the origin
        if by_cors:
            return f"pass origin: '{origin}' to cors()"
        return f"set it to '{origin}'"
    if ran.cors is not None and ran.cors.options is not None:
        if ran.cors.options.origin == "match":
            return f"add '{origin}' to the origin list of cors()"
        return f"pass origin: '{origin}' to cors()"
    path = request.path
    route = ran.route_step
    if judged.preflight and route is not None and any(h.kind == "cors" for h in route.handlers):
        return f"answer preflights: app.options('{path}', cors())"
    later = _later_cors(stack, route)
    if later is not None:
        return f"move app.use(cors()) (line {later}) above this route"
    if ran.manual is not None:
        return "use cors() rather than writing the header"
    return f"app.use(cors({{ origin: '{origin}' }})) before the routes"


def _later_cors(stack: list[Step], route: Step | None) -> int | None:
    """The line of a cors() registered after the route (it never runs for it)."""
    if route is None:
        return None
    after = stack[stack.index(route) + 1 :] if route in stack else []
    for step in after:
        for handler in step.handlers:
            if handler.kind == "cors":
                return handler.location.range.start.line + 1
    return None


def _preflight_way_out(judged: Verdict, request: CorsRequest, ran: _Ran, by_cors: bool) -> str:
    if judged.header == ALLOW_METHODS:
        if by_cors:
            return f"add '{request.method}' to the methods of cors()"
        return f"send Access-Control-Allow-Methods with {request.method}"
    if judged.header == ALLOW_HEADERS:
        missing = _missing_header(request, ran)
        if by_cors:
            return f"add '{missing}' to the allowedHeaders of cors()"
        if ran.manual is not None and not ran.cors:
            return f"add '{missing}' to your Access-Control-Allow-Headers"
        return f"allow '{missing}' in Access-Control-Allow-Headers"
    if ran.cors is not None and ran.cors.options is not None and ran.cors.options.preflight_continue:
        return "drop preflightContinue: true from cors() (it hands the preflight on)"
    if ran.status_source is not None and "automatic" not in ran.status_source.what:
        return f"answer OPTIONS before {ran.status_source.what}: app.use(cors()) above it"
    return "answer preflights: app.use(cors()) above the routes"


def _missing_header(request: CorsRequest, ran: _Ran) -> str:
    """The first request header the preflight does not allow, as it is usually spelled in code."""
    allowed = {name.lower() for name in ran.response().listed(ALLOW_HEADERS)}
    name = next((name for name in request.unsafe_headers if name not in allowed), "")
    return "-".join(part.capitalize() for part in name.split("-"))
