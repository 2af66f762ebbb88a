"""One request replayed through one Flask route as Flask 3.1 + flask-cors 6 handle it (pure).

Flask calls the app's then the blueprint's before_request functions; the first that answers ends the
request there (`abort()` raises: flask-cors's wrapped exception handler adds its headers first). Otherwise
the view makes the response — for a preflight, Flask's automatic OPTIONS answer (200, no CORS headers) or
`@cross_origin`'s — and `@cross_origin` adds its headers. Then the blueprint's after_request functions and
the app's run, each list in reverse registration order; flask-cors's own hook adds nothing when an
Access-Control-Allow-Origin is already set or `@cross_origin` answered, and on a preflight whose method is
not in `methods` it adds no Allow-Methods nor Allow-Headers. Whatever is not written as a literal makes
the replay `uncertain`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgspec import Struct, field

from ...core.cors.exchange import Header, Source
from ...core.cors.fetch import ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN
from .cors_apps import WiredRoute
from .cors_facts import BeforeRequestHook, CorsSetup, HeaderWrite, HookAnswer
from .cors_options import FlaskCorsOptions, options_of, resource_options

_CORS_HEADERS = frozenset({ALLOW_ORIGIN, ALLOW_CREDENTIALS, ALLOW_METHODS, ALLOW_HEADERS})
_CONVERTER = re.compile(r"<[^>]*>")


class Asked(Struct, frozen=True):
    """The request as the server sees it. `origin` None: any origin the configuration allows."""

    origin: str | None
    method: str  # the real request's method (the preflight's Access-Control-Request-Method)
    headers: tuple[str, ...]  # the preflight's Access-Control-Request-Headers, lower case
    preflight: bool
    path: str


class Draft(Struct):
    """The response being made, and what decided it (for the finding's place and way out)."""

    headers: list[Header] = field(default_factory=list)
    status: int = 200
    status_source: Source | None = None
    uncertain: bool = False
    evaluated: bool = False  # @cross_origin answered: flask-cors's hooks stay out
    refused: bool = False  # a flask-cors config the app refuses to start with
    deciding: tuple[FlaskCorsOptions, Source] | None = None  # the first flask-cors config judging the route
    not_covering: Source | None = None  # a CORS() whose resources leave the path out
    silenced_by: Source | None = None  # a manual Allow-Origin that made flask-cors's hook add nothing
    manual: list[Source] = field(default_factory=list)  # manual Allow-Origin writes

    def lines(self, name: str) -> list[Header]:
        return [header for header in self.headers if header.name == name]


def replay(wired: WiredRoute, asked: Asked) -> Draft:
    """The response to `asked`, every header with who set it."""
    if wired.route.methods is None:
        return Draft(uncertain=True)
    deciding = _deciding(wired, asked.preflight)
    if not deciding:
        return _respond(wired, asked, None, None)
    hook, answer = deciding[0]
    if answer.kind != "unknown" and answer.status is not None:
        return _respond(wired, asked, hook, answer)
    if asked.preflight or len(deciding) > 1:
        return Draft(uncertain=True)
    # Whether it answers or not, the real response's status does not matter: only whether its headers could differ.
    drafts = [_respond(wired, asked, None, None)]
    drafts += [_respond(wired, asked, hook, HookAnswer(kind, 200, answer.location)) for kind in ("answer", "abort")]
    lines = [[(h.name, h.value) for h in d.headers] for d in drafts]
    return (
        drafts[0]
        if all(x == lines[0] for x in lines) and not any(d.uncertain for d in drafts)
        else Draft(uncertain=True)
    )


def _deciding(wired: WiredRoute, preflight: bool) -> list[tuple[BeforeRequestHook, HookAnswer]]:
    """The before_request functions that may answer the request, in the order Flask calls them."""
    found = []
    for hook in wired.befores:
        answers = hook.answers(wired.route)
        answer = answers[0] if preflight else answers[1]
        if answer.kind != "pass":
            found.append((hook, answer))
    return found


def _respond(wired: WiredRoute, asked: Asked, hook: BeforeRequestHook | None, answer: HookAnswer | None) -> Draft:
    draft = Draft()
    path = asked.path if "<" not in asked.path else _CONVERTER.sub("1", asked.path)
    if hook is not None and answer is not None:
        draft.status = answer.status or 200
        draft.status_source = Source(answer.location or hook.location, f"before_request function {hook.function}")
        if answer.kind == "abort":  # flask-cors wraps the app's exception handlers (intercept_exceptions)
            for setup in [s for s in wired.app.afters if isinstance(s, CorsSetup)]:
                _cors_hook(draft, setup, wired, asked, path, exception=True)
    else:
        _make_response(draft, wired, asked)
    for item in wired.afters:
        if isinstance(item, CorsSetup):
            _cors_hook(draft, item, wired, asked, path)
        else:
            _apply(draft, item.writes, item.opaque, asked, f"after_request function {item.function}")
    return draft


def _make_response(draft: Draft, wired: WiredRoute, asked: Asked) -> None:
    route = wired.route
    cross: FlaskCorsOptions | None = None
    if route.cross_origin is not None and route.cross_origin_location is not None:
        cross = None if route.cross_origin_unknown else options_of(route.cross_origin, wired.app.config_unknown)
        if cross is None:
            draft.uncertain = True
            return
    if not asked.preflight:
        _apply(draft, route.writes, route.opaque, asked, f"view {route.function}")
    elif route.methods is not None and "OPTIONS" in route.methods and cross is None:
        draft.uncertain = True  # the view answers OPTIONS itself: its status and headers are its own code's
        return
    elif cross is None or not cross.automatic_options:
        return  # Flask's automatic OPTIONS answer: 200, an Allow header, nothing for CORS
    if cross is not None and route.cross_origin_location is not None:
        source = Source(route.cross_origin_location, "@cross_origin")
        draft.deciding = draft.deciding or (cross, source)
        draft.refused = draft.refused or cross.refuses_at_startup()
        _flask_cors(draft, cross, source, asked)
        draft.evaluated = True


def _cors_hook(
    draft: Draft, setup: CorsSetup, wired: WiredRoute, asked: Asked, path: str, exception: bool = False
) -> None:
    config_unknown = wired.app.config_unknown
    known, options = resource_options(setup, config_unknown, path)
    if not known:
        draft.uncertain = True
        return
    if options is None:
        resources = next((o.location for o in setup.options if o.name == "resources"), setup.location)
        draft.not_covering = draft.not_covering or Source(resources, "resources= of CORS()")
        return
    if exception and not options.intercept_exceptions:
        return
    source = Source(setup.location, "CORS()")
    draft.deciding = draft.deciding or (options, source)
    draft.refused = draft.refused or options.refuses_at_startup()
    present = draft.lines(ALLOW_ORIGIN)
    if draft.evaluated or (present and present[0].value):
        if present and present[0].source in draft.manual:
            draft.silenced_by = draft.silenced_by or present[0].source
        return  # flask-cors: "CORS have been already evaluated, skipping"
    _flask_cors(draft, options, source, asked)


def _flask_cors(draft: Draft, options: FlaskCorsOptions, source: Source, asked: Asked) -> None:
    """flask-cors's set_cors_headers: the headers it adds for this request."""
    value = options.answer(asked.origin)
    if value is None:
        return
    draft.headers.append(Header(ALLOW_ORIGIN, value, source))
    if options.supports_credentials:
        draft.headers.append(Header(ALLOW_CREDENTIALS, "true", source))
    if not asked.preflight or not options.allows_method(asked.method):
        return
    allowed = options.allowed_headers(asked.headers)
    if allowed:
        at = options.written.get("allow_headers", source.location)
        draft.headers.append(Header(ALLOW_HEADERS, allowed, Source(at, "allow_headers= of " + source.what)))
    if options.methods:
        at = options.written.get("methods", source.location)
        draft.headers.append(Header(ALLOW_METHODS, options.methods, Source(at, "methods= of " + source.what)))


def _apply(draft: Draft, writes: Sequence[HeaderWrite], opaque: bool, asked: Asked, what: str) -> None:
    """Header writes in the project's own code, in order."""
    draft.uncertain = draft.uncertain or opaque
    for write in writes:
        if write.name not in _CORS_HEADERS:
            continue
        if write.conditional or (write.value is None and not write.echo):
            draft.uncertain = True
            continue
        value = (asked.origin or "<origin>") if write.echo else str(write.value)
        source = Source(write.location, what, write.removal)
        if write.name == ALLOW_ORIGIN:
            draft.manual.append(source)
        header = Header(write.name, value, source)
        present = draft.lines(write.name)
        if write.mode == "set" and present:
            at = draft.headers.index(present[0])
            draft.headers = [h for h in draft.headers if h.name != write.name]
            draft.headers.insert(at, header)
        elif write.mode != "default" or not present:
            draft.headers.append(header)
