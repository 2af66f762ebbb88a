"""The CORS findings only Flask's own wiring tells (the browser's verdict on each route is the generic
layer's, from cors.py): flask-cors refusing to start with credentials and a wildcard, and a second
Access-Control-Allow-Origin added by nginx or firebase hosting in front of a backend that already sets one.
Pure: parsed facts and claims in, findings out."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.codes import (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_HEADER_ADDED_BY_PROXY,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from ...core.model import Claim, Finding, Fix, Location, Part, Position, Range, Related, Role, Severity, TextEdit
from ...core.paths import relative
from ..firebase.facts import FunctionExports, HostingFunctionRewrite, HostingHeaderRule
from ..nginx.facts import NginxProxy
from .cors_facts import CorsModule
from .cors_options import options_of

CORS_CODES = (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_WILDCARD_WITH_CREDENTIALS,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_HEADER_ADDED_BY_PROXY,
)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "[::1]"})


def cors_findings(facts: Sequence[object], claims: Sequence[Claim], root: str) -> list[Finding]:
    """What only Flask judges beside the generic CORS findings (cors.py puts its routes there): a
    flask-cors configuration the app refuses to start with, and a proxy adding the header again."""
    modules = [f for f in facts if isinstance(f, CorsModule)]
    findings = startup_refusals(modules)
    findings += nginx_findings([f for f in facts if isinstance(f, NginxProxy)], modules, claims, root)
    findings += hosting_findings(
        [f for f in facts if isinstance(f, HostingHeaderRule)],
        [f for f in facts if isinstance(f, HostingFunctionRewrite)],
        [f for f in facts if isinstance(f, FunctionExports)],
    )
    return findings


def startup_refusals(modules: Sequence[CorsModule]) -> list[Finding]:
    findings: list[Finding] = []
    for module in modules:
        for setup in module.setups:
            options = None if setup.unknown_options else options_of(setup.options, module.config_unknown)
            if options is not None and options.refuses_at_startup():
                findings.append(
                    Finding(
                        CORS_WILDCARD_WITH_CREDENTIALS,
                        Severity.ERROR,
                        "flask-cors refuses supports_credentials=True with send_wildcard=True for all origins "
                        "(ValueError at CORS()): the app does not start. Way out: drop send_wildcard.",
                        setup.location,
                    )
                )
    return findings


# ---- layers in front ----------------------------------------------------------------------------------------


def nginx_findings(
    proxies: Sequence[NginxProxy], modules: Sequence[CorsModule], claims: Sequence[Claim], root: str
) -> list[Finding]:
    if not proxies:
        return []  # no nginx in front: the apps' routes need not be replayed (nor their CORS modules loaded)
    from .cors import allow_origin_location

    flask_ports = {c.port for c in claims if c.part is Part.BACKEND and c.role is Role.LISTEN}
    backend = allow_origin_location(modules)
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
