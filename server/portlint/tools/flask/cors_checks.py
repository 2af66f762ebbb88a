"""CORS findings: two Access-Control-Allow-Origin values, `*` for a credentialed request, the project's own
dev-server origin refused, and a second header added by nginx or firebase hosting in front of a backend
that already sets one. Pure: parsed facts and claims in, findings out. Uncertain routes say nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from ...core.codes import (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_HEADER_ADDED_BY_PROXY,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from ...core.cors.plan import plan_from_facts
from ...core.model import Claim, Finding, Fix, Location, Part, Position, Range, Related, Role, Severity, TextEdit
from ...core.paths import relative
from ..firebase.facts import FunctionExports, HostingFunctionRewrite, HostingHeaderRule
from ..nginx.facts import NginxProxy
from .cors import ANY_ORIGIN, RouteOutcome, Sent, Source, options_of, outcomes
from .cors_facts import CorsModule

CORS_CODES = (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_WILDCARD_WITH_CREDENTIALS,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_HEADER_ADDED_BY_PROXY,
)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "[::1]"})


def dev_server_origins(claims: Iterable[Claim]) -> list[tuple[str, Location]]:
    """The origins the project's front-end dev servers serve pages from, as a browser sends them."""
    found: dict[str, Location] = {}
    for claim in claims:
        if claim.part is Part.FRONTEND and claim.role is Role.LISTEN:
            host = {"0.0.0.0": "localhost", "::": "localhost", "": "localhost", "::1": "[::1]"}.get(
                claim.host, claim.host
            )
            found.setdefault(f"http://{host}:{claim.port}", claim.location)
    return list(found.items())


def cors_findings(facts: Sequence[object], claims: Sequence[Claim], root: str) -> list[Finding]:
    modules = [f for f in facts if isinstance(f, CorsModule)]
    # Only the requests the front ends really make cross-origin (not the ones their dev proxy forwards).
    findings = flask_findings(modules, dev_server_origins(claims), root, plan_from_facts(facts, claims, root).judges)
    findings += nginx_findings([f for f in facts if isinstance(f, NginxProxy)], modules, claims, root)
    findings += hosting_findings(
        [f for f in facts if isinstance(f, HostingHeaderRule)],
        [f for f in facts if isinstance(f, HostingFunctionRewrite)],
        [f for f in facts if isinstance(f, FunctionExports)],
    )
    return findings


# ---- Flask ----------------------------------------------------------------------------------------------------


class _Collector:
    """One finding per (code, place), listing the routes it concerns."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, Location], list[str]] = defaultdict(list)
        self.parts: dict[tuple[str, Location], tuple[Severity, str, tuple[Related, ...], tuple[Fix, ...]]] = {}

    def add(
        self,
        code: str,
        severity: Severity,
        at: Location,
        route: RouteOutcome,
        message: str,
        related: tuple[Related, ...] = (),
        fixes: tuple[Fix, ...] = (),
    ) -> None:
        key = (code, at)
        described = f"{route.method} {route.path}"
        if described not in self.routes[key]:
            self.routes[key].append(described)
        self.parts.setdefault(key, (severity, message, related, fixes))

    def findings(self) -> list[Finding]:
        result = []
        for (code, at), (severity, message, related, fixes) in self.parts.items():
            routes = self.routes[(code, at)]
            shown = ", ".join(routes[:3]) + (f" and {len(routes) - 3} more" if len(routes) > 3 else "")
            result.append(Finding(code, severity, message.replace("{routes}", shown), at, None, related, fixes))
        return result


def flask_findings(
    modules: Sequence[CorsModule],
    origins: Sequence[tuple[str, Location]],
    root: str,
    judges: Callable[[str, str, str], bool] = lambda origin, path, method: True,
) -> list[Finding]:
    collector = _Collector()
    _startup_refusals(modules, collector)
    judged: list[tuple[str | None, Location | None]] = list(origins) or [(ANY_ORIGIN, None)]
    for origin, origin_at in judged:
        for route in outcomes(modules, origin):
            if route.sent.uncertain:
                continue
            _duplicate(route, collector, root)
            _wildcard(route, collector, root)
            if origin is not None and origin_at is not None and judges(origin, route.path, route.method):
                _not_allowed(route, origin, origin_at, collector, root)
    return collector.findings()


def _startup_refusals(modules: Sequence[CorsModule], collector: _Collector) -> None:
    for module in modules:
        for setup in module.setups:
            options = None if setup.unknown_options else options_of(setup.options, module.config_unknown)
            if options is not None and options.refuses_at_startup():
                place = RouteOutcome("startup", "", setup.location, Sent())
                collector.add(
                    CORS_WILDCARD_WITH_CREDENTIALS,
                    Severity.ERROR,
                    setup.location,
                    place,
                    "supports_credentials=True with send_wildcard=True and all origins: flask-cors refuses this "
                    "at CORS() (ValueError) because a credentialed request must never get `*`, so the app does "
                    "not start. Way out: drop send_wildcard (flask-cors then echoes the request's Origin).",
                )


def _duplicate(route: RouteOutcome, collector: _Collector, root: str) -> None:
    values = route.sent.origins
    if len(values) < 2:
        return
    manual = [source for _, source in values if not source.by_flask_cors]
    primary = manual[-1] if manual else values[-1][1]
    shown = ", ".join(v for v, _ in values)
    related = tuple(
        Related(source.location, f"{source.what} adds `{value}` here")
        for value, source in values
        if source is not primary
    )
    fixes: tuple[Fix, ...] = ()
    if any(source.by_flask_cors for _, source in values):
        removable = [s for s in manual if s.removal is not None]
        edits = tuple(TextEdit(s.location.file, s.removal, "") for s in removable if s.removal is not None)
        if edits:
            fixes = (
                Fix(
                    "Remove the manual Access-Control-Allow-Origin header: flask-cors already answers here",
                    edits,
                    preferred=True,
                ),
            )
    collector.add(
        CORS_DUPLICATE_ALLOW_ORIGIN,
        Severity.ERROR,
        primary.location,
        route,
        f"{{routes}} will carry two Access-Control-Allow-Origin values (`{shown}`): the browser refuses the "
        f'response ("contains multiple values ... but only one is allowed"). {_why(values)}',
        related,
        fixes,
    )


def _why(values: list[tuple[str, Source]]) -> str:
    if any(s.what == "@cross_origin" for _, s in values):
        return "@cross_origin appends its header to the one the view already set. Let one of them answer."
    if any(s.by_flask_cors for _, s in values):
        return (
            "This after_request function runs after flask-cors's (Flask runs them in reverse registration "
            "order), so both add one. Let flask-cors answer alone, or register the manual one last."
        )
    return "Two places add it. Keep one."


def _wildcard(route: RouteOutcome, collector: _Collector, root: str) -> None:
    sent = route.sent
    if [v for v, _ in sent.origins] != ["*"]:
        return
    wants = sent.credentials or sent.wants_credentials
    if wants is None:
        return
    star = sent.origins[0][1]
    collector.add(
        CORS_WILDCARD_WITH_CREDENTIALS,
        Severity.ERROR,
        star.location,
        route,
        "{routes} answer a credentialed request (cookies, Authorization) with Access-Control-Allow-Origin `*`, "
        "which the browser refuses: with credentials the header must name the origin. Way out: echo the "
        "origin (flask-cors does so by itself) and do not set `*` by hand.",
        (Related(wants.location, f"{wants.what} allows credentials here"),),
    )


def _not_allowed(route: RouteOutcome, origin: str, origin_at: Location, collector: _Collector, root: str) -> None:
    sent = route.sent
    if sent.cors_intent is None or len(sent.origins) > 1:
        return
    values = [v for v, _ in sent.origins]
    if values and (values[0] == "*" or values[0].casefold() == origin.casefold()):
        return
    if values:
        at = sent.origins[0][1]
        why = f"it answers `{values[0]}`, which is not this origin"
    else:
        at = sent.deciding or sent.cors_intent
        why = "its allowed origins do not include it, so no Access-Control-Allow-Origin is sent"
    collector.add(
        CORS_ORIGIN_NOT_ALLOWED,
        Severity.WARNING,
        at.location,
        route,
        f"The dev server's origin {origin} is not allowed on {{routes}}: {why}. Requests from the app served "
        f'there fail in the browser. Way out: add "{origin}" to the allowed origins.',
        (Related(origin_at, f"the Angular dev server serves the app from {origin}"),),
    )


# ---- layers in front ----------------------------------------------------------------------------------------


def nginx_findings(
    proxies: Sequence[NginxProxy], modules: Sequence[CorsModule], claims: Sequence[Claim], root: str
) -> list[Finding]:
    flask_ports = {c.port for c in claims if c.part is Part.BACKEND and c.role is Role.LISTEN}
    backend = _backend_sets_origin(modules)
    findings: list[Finding] = []
    for proxy in proxies:
        if proxy.hides_allow_origin or not proxy.allow_origin or proxy.host not in _LOCAL_HOSTS:
            continue
        if proxy.port not in flask_ports or backend is None:
            continue
        for at in proxy.allow_origin:
            line_start = Position(at.range.start.line, 0)
            indent = " " * at.range.start.character
            edit = TextEdit(
                at.file,
                Range(line_start, line_start),
                f"{indent}proxy_hide_header Access-Control-Allow-Origin;\n",
            )
            findings.append(
                Finding(
                    CORS_HEADER_ADDED_BY_PROXY,
                    Severity.ERROR,
                    f"nginx adds Access-Control-Allow-Origin on {proxy.path or 'this server'} in front of the Flask "
                    f"app on port {proxy.port}, which already sets it: the browser gets two values and refuses "
                    "the response. Way out: `proxy_hide_header Access-Control-Allow-Origin;` here, or let only "
                    "one of them answer.",
                    at,
                    proxy.port,
                    (
                        Related(
                            backend, f"the Flask app sets Access-Control-Allow-Origin ({relative(backend.file, root)})"
                        ),
                        Related(proxy.proxy_pass, "proxied here"),
                    ),
                    (Fix("Hide the backend's Access-Control-Allow-Origin (proxy_hide_header)", (edit,)),),
                )
            )
    return findings


def _backend_sets_origin(modules: Sequence[CorsModule]) -> Location | None:
    """Where a Flask app of the workspace sets Access-Control-Allow-Origin on some route, if one does."""
    for route in outcomes(modules, ANY_ORIGIN):
        if route.sent.origins and not route.sent.uncertain:
            return route.sent.origins[0][1].location
    return None


def function_middleware(rewrite: HostingFunctionRewrite, sources: Sequence[FunctionExports]) -> Location | None:
    """Where the function a rewrite names applies a CORS middleware, in the first of its entry files that was
    read; None when it applies none or no entry file was read."""
    by_file = {source.file: source for source in sources}
    entry = next((by_file[path] for path in rewrite.entry_files if path in by_file), None)
    return entry.middleware(rewrite.function) if entry is not None else None


def hosting_findings(
    rules: Sequence[HostingHeaderRule], rewrites: Sequence[HostingFunctionRewrite], sources: Sequence[FunctionExports]
) -> list[Finding]:
    findings = []
    middleware = {id(rewrite): function_middleware(rewrite, sources) for rewrite in rewrites}
    for rule in rules:
        for rewrite in rewrites:
            uses_cors = middleware[id(rewrite)]
            if rewrite.file != rule.file or uses_cors is None or not _globs_overlap(rule.source, rewrite.source):
                continue
            findings.append(
                Finding(
                    CORS_HEADER_ADDED_BY_PROXY,
                    Severity.ERROR,
                    f'firebase hosting adds Access-Control-Allow-Origin on "{rule.source}", which is served by the '
                    f"function {rewrite.function}, and that function's CORS middleware sets it too: the browser gets "
                    "two values and refuses the response. Way out: drop the header from hosting.headers.",
                    rule.location,
                    None,
                    (
                        Related(uses_cors, f"{rewrite.function} uses a CORS middleware here"),
                        Related(rewrite.location, f'"{rewrite.source}" is rewritten to {rewrite.function}'),
                    ),
                )
            )
    return findings


def _globs_overlap(header: str, rewrite: str) -> bool:
    """Whether some path matches both firebase globs (`**` any depth, `*` one segment), approximately:
    either glob, read as a path, matches the other."""
    from fnmatch import fnmatchcase

    return header == rewrite or fnmatchcase(rewrite, header) or fnmatchcase(header, rewrite)
