"""CORS findings for any backend: every request the front end makes (or would make) to a route, judged as
the browser judges the backend's answer. One finding per (code, place, complaint), naming the calls it is
about. Uncertain answers say nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from msgspec import Struct, field

from ..codes import CORS_DUPLICATE_ALLOW_ORIGIN, CORS_ORIGIN_NOT_ALLOWED, CORS_WILDCARD_WITH_CREDENTIALS
from ..model import Claim, Finding, Fix, Location, Part, Related, Role, Severity, TextEdit
from .browser import Verdict, verdict
from .exchange import Answer, CorsRequest, CorsRoute

# Findings these codes make fail every request of their kind, whoever sends it.
_ALWAYS_ERRORS = frozenset({CORS_DUPLICATE_ALLOW_ORIGIN, CORS_WILDCARD_WITH_CREDENTIALS})
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_GENERIC_WAY_OUT = {
    CORS_ORIGIN_NOT_ALLOWED: "allow this origin in the backend's CORS setup",
    CORS_DUPLICATE_ALLOW_ORIGIN: "let one place set Access-Control-Allow-Origin",
    CORS_WILDCARD_WITH_CREDENTIALS: "echo the request's origin instead of `*`",
}
_BROWSER_HOSTS = {"0.0.0.0": "localhost", "::": "localhost", "": "localhost", "::1": "[::1]"}

Requests = Callable[[CorsRoute], Sequence[CorsRequest]]


class DevOrigin(Struct, frozen=True):
    """An origin the project's front end serves its pages from."""

    origin: str  # "http://localhost:4200"
    location: Location  # where its port is written
    described: str  # "the dev server (angular app serve)"


def dev_origins(claims: Iterable[Claim]) -> list[DevOrigin]:
    """The origins the project's front-end dev servers serve pages from, as a browser sends them."""
    found: dict[str, DevOrigin] = {}
    for claim in claims:
        if claim.part is Part.FRONTEND and claim.role is Role.LISTEN:
            origin = f"http://{_BROWSER_HOSTS.get(claim.host, claim.host)}:{claim.port}"
            found.setdefault(origin, DevOrigin(origin, claim.location, f"the dev server ({claim.service})"))
    return list(found.values())


def assumed_requests(origins: Sequence[DevOrigin]) -> Requests:
    """Without a front-end call to go by: for each method of the route, the request a single-page app
    typically sends (a JSON body for POST/PUT/PATCH/DELETE), with credentials when the backend says it
    expects them."""

    def requests(route: CorsRoute) -> list[CorsRequest]:
        return [
            CorsRequest(
                origin.origin,
                origin.location,
                method,
                route.path,
                ("content-type",) if method in _BODY_METHODS else (),
                route.expects_credentials,
                None,
                f"{'a JSON ' if method in _BODY_METHODS else ''}{method} {route.path}",
                origin.described,
            )
            for origin in origins
            for method in route.methods
            if method not in ("OPTIONS", "HEAD")
        ]

    return requests


class _Group(Struct):
    verdict: Verdict
    request: CorsRequest
    answer: Answer
    calls: list[str] = field(default_factory=list)


def cors_findings(routes: Sequence[CorsRoute], requests: Requests) -> list[Finding]:
    groups: dict[tuple[str, Location, str], _Group] = {}
    for route in routes:
        for request in requests(route):
            answer = route.answer(request)
            judged = verdict(request, answer) if answer is not None else None
            if answer is None or judged is None:
                continue
            at = _place(judged, answer, route)
            group = groups.setdefault((judged.code, at, judged.short), _Group(judged, request, answer))
            if request.described not in group.calls:
                group.calls.append(request.described)
    return [_finding(at, group) for (_, at, _), group in groups.items()]


def _place(judged: Verdict, answer: Answer, route: CorsRoute) -> Location:
    if judged.blame is not None:
        return judged.blame.location
    return answer.setup.location if answer.setup is not None else route.location


def _finding(at: Location, group: _Group) -> Finding:
    judged, request = group.verdict, group.request
    calls = ", ".join(group.calls[:2]) + (f" and {len(group.calls) - 2} more" if len(group.calls) > 2 else "")
    way_out = group.answer.way_out.get(judged.code) or _GENERIC_WAY_OUT.get(judged.code, "")
    message = f"{calls} from {request.origin} fails: {judged.short}."
    if way_out:
        message += f" Way out: {way_out}."
    related = [Related(at, f"the browser says: {judged.complaint}")]
    related.append(Related(request.origin_at, f"{request.origin_described} serves the page from {request.origin}"))
    if request.call is not None:
        related.append(Related(request.call, f"the front end sends {request.described} here"))
    if judged.blame is not None and group.answer.setup is not None and judged.blame.location != at:
        related.append(Related(group.answer.setup.location, f"CORS is set up here ({group.answer.setup.what})"))
    return Finding(judged.code, _severity(judged.code, request), message, at, None, tuple(related), _fixes(judged))


def _fixes(judged: Verdict) -> tuple[Fix, ...]:
    """A duplicate whose blamed line can go alone (a manual header write): delete it, the other value stays."""
    blame = judged.blame
    if judged.code != CORS_DUPLICATE_ALLOW_ORIGIN or blame is None or blame.removal is None:
        return ()
    edit = TextEdit(blame.location.file, blame.removal, "")
    return (Fix("Remove this Access-Control-Allow-Origin line", (edit,), preferred=True),)


def _severity(code: str, request: CorsRequest) -> Severity:
    if code in _ALWAYS_ERRORS or request.call is not None:
        return Severity.ERROR
    return Severity.WARNING
