"""What Starlette's `CORSMiddleware` (starlette 1.10, behind FastAPI 0.163) sends, worked out from its options
without running it (checked against the real middleware in tests/fidelity/test_starlette_cors_fidelity.py):

- A preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by the outermost
  CORSMiddleware itself, whatever the path: 200 "OK", or 400 "Disallowed CORS origin, method, headers"
  with the same headers. Allow-Origin is `*` for `allow_origins=["*"]` without credentials, else the
  request's origin when `allow_origins` lists it or `allow_origin_regex` fully matches it, else absent.
  Allow-Methods is `allow_methods` as written (default `GET`; `*` means every method), compared with the
  requested method case-sensitively. Allow-Headers is the CORS-safelisted four (`Content-Type` among them)
  plus `allow_headers`, or the requested headers mirrored for `allow_headers=["*"]`.
- Any other response passing through gets Allow-Credentials `true` (`allow_credentials=True`) and Allow-Origin
  `*` (`allow_origins=["*"]`) or the allowed origin echoed (replacing a route's own value); `*` with
  credentials echoes the origin too. A response to an origin it does not allow is left as it was.
"""

from __future__ import annotations

import re

from msgspec import Struct

from ...core.cors.exchange import Header, Source
from .asgi_facts import CorsMiddlewareUse

ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY")
SAFELISTED_HEADERS = ("Accept", "Accept-Language", "Content-Language", "Content-Type")
_DEFAULTS: dict[str, object] = {
    "allow_origins": (),
    "allow_methods": ("GET",),
    "allow_headers": (),
    "allow_credentials": False,
    "allow_origin_regex": None,
}
WHAT = "CORSMiddleware"
_NESTED_QUANTIFIER = re.compile(r"[*+}]\)*\)[*+{]")  # a repeated group ending in a repetition


class StarletteCors(Struct, frozen=True):
    """One CORSMiddleware's options, each with the source to blame for the header it decides."""

    origins: tuple[str, ...]
    regex: re.Pattern[str] | None
    methods: tuple[str, ...]
    headers: tuple[str, ...]
    credentials: bool
    setup: Source  # the add_middleware / Middleware call
    sources: dict[str, Source]  # option name → its value's source (the call's when defaulted)

    @property
    def allow_all_origins(self) -> bool:
        return "*" in self.origins

    @property
    def allow_all_headers(self) -> bool:
        return "*" in self.headers

    def allows(self, origin: str) -> bool:
        if self.allow_all_origins or origin in self.origins:
            return True
        return self.regex is not None and self.regex.fullmatch(origin) is not None


def read_options(use: CorsMiddlewareUse) -> StarletteCors | None:
    """The options as Starlette takes them; None when one that decides an answer is not a literal."""
    if use.unknown_options:
        return None
    setup = Source(use.location, WHAT)
    values: dict[str, object] = dict(_DEFAULTS)
    sources = {name: setup for name in _DEFAULTS}
    for option in use.options:
        if option.name not in _DEFAULTS:
            continue
        if not option.known:
            return None
        values[option.name] = option.value
        sources[option.name] = Source(option.location, f"{WHAT} {option.name}")
    origins, methods, headers = values["allow_origins"], values["allow_methods"], values["allow_headers"]
    regex = values["allow_origin_regex"]
    if not (_strings(origins) and _strings(methods) and _strings(headers)) or not isinstance(regex, (str, type(None))):
        return None
    if regex is not None and _NESTED_QUANTIFIER.search(regex):
        return None  # `(a+)+`: matching could backtrack for ages; portlint runs no pattern it cannot bound
    try:
        pattern = re.compile(regex) if regex is not None else None
    except (re.error, RecursionError, OverflowError):
        return None
    assert isinstance(origins, tuple) and isinstance(methods, tuple) and isinstance(headers, tuple)
    return StarletteCors(
        tuple(origins),
        pattern,
        ALL_METHODS if "*" in methods else tuple(methods),
        tuple(headers),
        bool(values["allow_credentials"]),
        setup,
        sources,
    )


def _strings(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


class Preflight(Struct, frozen=True):
    headers: tuple[Header, ...]
    status: int
    status_source: Source | None
    failures: tuple[str, ...]  # Starlette's words: "origin", "method", "headers"
    refused_headers: tuple[str, ...]  # the requested headers it does not allow, lower case


def preflight(cors: StarletteCors, origin: str, method: str, requested: tuple[str, ...]) -> Preflight:
    """The middleware's own answer to a preflight."""
    lines: list[Header] = []
    failures: list[str] = []
    explicit = not cors.allow_all_origins or cors.credentials
    if not explicit:
        lines.append(Header("access-control-allow-origin", "*", cors.sources["allow_origins"]))
    lines.append(Header("access-control-allow-methods", ", ".join(cors.methods), cors.sources["allow_methods"]))
    allowed_headers = sorted(set(SAFELISTED_HEADERS) | set(cors.headers))
    if not cors.allow_all_headers:
        lines.append(Header("access-control-allow-headers", ", ".join(allowed_headers), cors.sources["allow_headers"]))
    if cors.credentials:
        lines.append(Header("access-control-allow-credentials", "true", cors.sources["allow_credentials"]))
    if cors.allows(origin):
        if explicit:
            lines.append(Header("access-control-allow-origin", origin, cors.sources["allow_origins"]))
    else:
        failures.append("origin")
    if method not in cors.methods:
        failures.append("method")
    refused: tuple[str, ...] = ()
    if cors.allow_all_headers and requested:
        lines.append(Header("access-control-allow-headers", ", ".join(requested), cors.sources["allow_headers"]))
    elif requested:
        lowered = {name.lower() for name in allowed_headers}
        refused = tuple(name for name in requested if name not in lowered)
        if refused:
            failures.append("headers")
    if not failures:
        return Preflight(tuple(lines), 200, None, (), ())
    blamed = {"origin": "allow_origins", "method": "allow_methods", "headers": "allow_headers"}[failures[-1]]
    status_source = Source(cors.sources[blamed].location, f'{WHAT}: "Disallowed CORS {", ".join(failures)}"')
    return Preflight(tuple(lines), 400, status_source, tuple(failures), refused)


def on_response(cors: StarletteCors, lines: list[Header], origin: str) -> list[Header]:
    """The headers of a response (not a preflight) after the middleware passed it on."""
    if cors.credentials:
        lines = _set(lines, Header("access-control-allow-credentials", "true", cors.sources["allow_credentials"]))
    source = cors.sources["allow_origins"]
    if cors.allow_all_origins and not cors.credentials:
        return _set(lines, Header("access-control-allow-origin", "*", source))
    if cors.allows(origin):
        return _set(lines, Header("access-control-allow-origin", origin, source))
    return lines


def _set(lines: list[Header], header: Header) -> list[Header]:
    """`MutableHeaders[name] = value`: every line of that name replaced by one."""
    return [line for line in lines if line.name != header.name] + [header]
