"""Flask's routes on the generic CORS layer: for each route of each Flask app, a `CorsRoute` whose answer
to a front end's request is the preflight and the response Flask 3.1 + flask-cors 6 really send
(cors_replay.py), each header with who sets it, and the way out in flask-cors's terms. Pure.

A route no CORS handling reaches (no flask-cors, no Access-Control-Allow-Origin of its own) answers only
requests a front-end call is known to make: without one, nobody says the page calls it cross-origin."""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.codes import (
    CORS_CREDENTIALS_NOT_ALLOWED,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from ...core.cors.browser import Verdict, verdict
from ...core.cors.exchange import Answer, CorsRequest, CorsRoute, Response, Source
from ...core.cors.fetch import ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN
from ...core.model import Claim, Location
from .cors_apps import WiredRoute, wired_routes
from .cors_facts import CorsModule
from .cors_replay import Asked, Draft, replay


def flask_cors_routes(facts: Sequence[object], claims: Sequence[Claim]) -> list[CorsRoute]:
    """Every route of the workspace's Flask apps, able to work out its CORS answers."""
    del claims
    modules = [f for f in facts if isinstance(f, CorsModule)]
    routes: list[CorsRoute] = []
    for wired in wired_routes(modules):
        methods = wired.route.methods or ()
        real = next((m for m in methods if m not in ("OPTIONS", "HEAD")), "GET")
        sample = replay(wired, Asked(None, real, (), False, wired.path))
        routes.append(
            CorsRoute(
                wired.path,
                methods,
                wired.route.location,
                f"the Flask app in {os.path.basename(wired.app.target.file)}",
                _Answering(wired).answer,
                _expects_credentials(sample),
            )
        )
    return routes


def allow_origin_location(modules: Sequence[CorsModule]) -> Location | None:
    """Where a Flask app of the workspace sets Access-Control-Allow-Origin on some route, if one does."""
    for wired in wired_routes(modules):
        real = next((m for m in wired.route.methods or () if m not in ("OPTIONS", "HEAD")), "GET")
        draft = replay(wired, Asked(None, real, (), False, wired.path))
        lines = draft.lines(ALLOW_ORIGIN)
        if lines and not draft.uncertain:
            return lines[0].source.location
    return None


def _expects_credentials(draft: Draft) -> bool:
    if draft.uncertain:
        return False
    options = draft.deciding[0] if draft.deciding is not None else None
    return (options is not None and options.supports_credentials) or any(
        h.value == "true" for h in draft.lines(ALLOW_CREDENTIALS)
    )


class _Answering:
    def __init__(self, wired: WiredRoute) -> None:
        self.wired = wired

    def answer(self, request: CorsRequest) -> Answer | None:
        path = request.path or self.wired.path
        real = replay(self.wired, Asked(request.origin, request.method, (), False, path))
        preflight = Draft()
        if request.needs_preflight:
            preflight = replay(self.wired, Asked(request.origin, request.method, request.unsafe_headers, True, path))
        drafts = (real, preflight) if request.needs_preflight else (real,)
        if any(d.uncertain or d.refused for d in drafts):
            return None  # not known, or the app does not start (cors_checks reports that)
        if request.call is None and not any(d.deciding or d.manual for d in drafts):
            return None
        answer = Answer(_response(preflight), _response(real))
        judged = verdict(request, answer)
        if judged is None:
            return answer
        failing = preflight if judged.preflight else real
        setup, way_out = _way_out(judged, failing, request, self.wired)
        return Answer(answer.preflight, answer.response, setup, {judged.code: way_out} if way_out else {})


def _response(draft: Draft) -> Response:
    return Response(tuple(draft.headers), draft.status, draft.status_source)


def _way_out(judged: Verdict, draft: Draft, request: CorsRequest, wired: WiredRoute) -> tuple[Source | None, str]:
    """Where the finding goes when no header is to blame, and the way out in flask-cors's terms."""
    deciding = draft.deciding
    options, cors = deciding if deciding is not None else (None, None)
    if judged.code == CORS_PREFLIGHT_FAILS:
        return _preflight_way_out(judged, draft, request)
    if judged.code == CORS_ORIGIN_NOT_ALLOWED and judged.blame is None:
        if options is not None and cors is not None:
            at = Source(options.written.get("origins", cors.location), f"origins= of {cors.what}")
            return at, f'add "{request.origin}" to origins='
        if draft.not_covering is not None:
            return draft.not_covering, f"let resources= cover {wired.path}"
        if judged.preflight:
            return None, "answer the OPTIONS preflight too: flask-cors (`CORS(app)`) does"
        return None, "let flask-cors answer CORS on this route (`CORS(app)`)"
    if judged.code == CORS_ORIGIN_NOT_ALLOWED:
        return cors, f'send "{request.origin}" instead'
    if judged.code == CORS_DUPLICATE_ALLOW_ORIGIN:
        if judged.blame is not None and judged.blame.removal is not None and cors is not None:
            return cors, f"delete this line, {cors.what} already sets it"
        if any(h.source.what == "@cross_origin" for h in draft.lines(ALLOW_ORIGIN)):
            return cors, "let only @cross_origin or only the view set it"
        return cors, "let one place set Access-Control-Allow-Origin"
    if judged.code == CORS_WILDCARD_WITH_CREDENTIALS:
        return cors, "let flask-cors echo the origin instead of `*`"
    if judged.code == CORS_CREDENTIALS_NOT_ALLOWED and cors is not None:
        return cors, f"pass supports_credentials=True to {cors.what}"
    return cors, ""


def _preflight_way_out(judged: Verdict, draft: Draft, request: CorsRequest) -> tuple[Source | None, str]:
    options, cors = draft.deciding if draft.deciding is not None else (None, None)
    if judged.header == "":  # the status or a redirect: only a before_request answers the preflight itself
        hook = draft.status_source.what if draft.status_source is not None else "the before_request function"
        return draft.status_source, f'let OPTIONS through in {hook} (`if request.method == "OPTIONS": return`)'
    if draft.silenced_by is not None:
        return draft.silenced_by, "drop this line so flask-cors answers the preflight"
    missing = _missing(judged, request, draft)
    if options is not None and cors is not None:
        if judged.header == ALLOW_METHODS or not options.allows_method(request.method):
            at = options.written.get("methods", cors.location)
            return Source(at, f"methods= of {cors.what}"), f"add {request.method} to methods="
        at = options.written.get("allow_headers", cors.location)
        return Source(at, f"allow_headers= of {cors.what}"), f'add "{missing}" to allow_headers='
    if judged.blame is not None:  # a header the project's own code writes
        return cors, f'add "{missing}" to this header'
    return cors, "answer the preflight with flask-cors (`CORS(app)`)"


def _missing(judged: Verdict, request: CorsRequest, draft: Draft) -> str:
    """The method, or the header name as it is usually written ("Content-Type"), the preflight lacks."""
    if judged.header == ALLOW_METHODS:
        return request.method
    allowed = {name.strip().lower() for h in draft.lines(ALLOW_HEADERS) for name in h.value.split(",")}
    name = next((h for h in request.unsafe_headers if h not in allowed), "the header")
    return "-".join(part.capitalize() for part in name.split("-"))
