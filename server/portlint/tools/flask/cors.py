"""What the real Flask + flask-cors send on each route, worked out from the parsed wiring (pure).

Mirrors Flask 3.1 / flask-cors 6: the view (or, for a preflight, Flask's automatic OPTIONS answer or
`@cross_origin`'s) makes the response; `@cross_origin` appends its headers; then the blueprint's
after_request functions and the app's run, each list in reverse registration order (`after_app_request`
takes its place in the app's list when `register_blueprint()` runs). flask-cors's own hook adds nothing when
an Access-Control-Allow-Origin is already set or `@cross_origin` has answered. Whenever a step depends on
something not written as a literal, the route's outcome is `uncertain` and no verdict is drawn from it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ...core.model import Location, Range
from .cors_facts import AfterRequestHook, CorsModule, CorsOption, CorsSetup, FlaskRoute, FlaskTarget, HeaderWrite

ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ANY_ORIGIN = None  # evaluate for "an origin the configuration allows" when the project's origin is unknown
_DEFAULTS: dict[str, object] = {
    "origins": "*",
    "supports_credentials": False,
    "send_wildcard": False,
    "automatic_options": True,
    "resources": r"/*",
}
_REGEX_HINT = frozenset("*\\]?$^[]()")
_CONVERTER = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Source:
    """Who put a value on the response."""

    location: Location
    what: str  # in words: "CORS(app)", "@cross_origin", "after_request add_cors", "view index"
    by_flask_cors: bool
    removal: Range | None = None  # lines a quick fix may delete (manual writes only)


@dataclass
class Sent:
    """The CORS headers one response carries."""

    origins: list[tuple[str, Source]] = field(default_factory=list)  # Access-Control-Allow-Origin values
    credentials: Source | None = None  # Access-Control-Allow-Credentials: true
    wants_credentials: Source | None = None  # a flask-cors config for this route says supports_credentials
    cors_intent: Source | None = None  # anything on this route meant to answer CORS (for origin checks)
    deciding: Source | None = None  # the first flask-cors config (its `origins=`) that judged the origin
    evaluated: bool = False  # @cross_origin has answered: flask-cors's hooks stay out
    uncertain: bool = False


@dataclass(frozen=True)
class RouteOutcome:
    method: str  # "OPTIONS" for the preflight, else the real request's method
    path: str
    location: Location
    sent: Sent


@dataclass(frozen=True)
class FlaskCorsOptions:
    origins: tuple[str, ...]
    send_wildcard: bool
    supports_credentials: bool
    automatic_options: bool
    origins_at: Location | None  # the written `origins=` value, for messages and fixes

    @property
    def allow_all(self) -> bool:
        return ".*" in self.origins

    def refuses_at_startup(self) -> bool:
        """flask-cors raises ValueError in CORS() / @cross_origin for this combination."""
        return self.allow_all and self.supports_credentials and self.send_wildcard

    def answer(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin flask-cors sends for a request from `origin` (None: not allowed)."""
        if self.allow_all and self.send_wildcard:
            return "*"
        if origin is None:
            return "<origin>" if self.origins else None
        for pattern in self.origins:
            if _probably_regex(pattern):
                try:
                    if re.compile(pattern, re.IGNORECASE).match(origin):
                        return origin
                except re.error:
                    continue
            elif pattern.casefold() == origin.casefold():
                return origin
        return None


def options_of(
    given: Iterable[CorsOption], config_unknown: bool, extra: dict[str, object] | None = None
) -> FlaskCorsOptions | None:
    """The effective options flask-cors computes, or None when one that matters is not a literal."""
    values = dict(_DEFAULTS)
    written: dict[str, CorsOption] = {}
    for option in given:
        if option.name in _DEFAULTS and not option.known:
            return None
        values[option.name] = option.value
        written[option.name] = option
    if config_unknown and any(name not in written for name in _DEFAULTS):
        return None
    values.update(extra or {})
    raw = values["origins"]
    origins: tuple[str, ...]
    if isinstance(raw, str):
        origins = (raw,)
    elif isinstance(raw, (list, tuple, set)) and all(isinstance(o, str) for o in raw):
        origins = tuple(str(o) for o in raw)
    else:
        return None
    origins = tuple(".*" if o == "*" else o for o in origins)
    origins_at = written["origins"].location if "origins" in written else None
    return FlaskCorsOptions(
        origins,
        bool(values["send_wildcard"]),
        bool(values["supports_credentials"]),
        bool(values["automatic_options"]),
        origins_at,
    )


def resource_options(setup: CorsSetup, config_unknown: bool, path: str) -> tuple[bool, FlaskCorsOptions | None]:
    """(known, options) of a CORS() hook for a request path: options None when no resource matches."""
    if setup.unknown_options:
        return False, None
    resources: object = _DEFAULTS["resources"]
    for option in setup.options:
        if option.name == "resources":
            if not option.known:
                return False, None
            resources = option.value
    if config_unknown and not any(o.name == "resources" for o in setup.options):
        return False, None
    pairs: list[tuple[str, dict[str, object]]]
    if isinstance(resources, dict):
        pairs = [(str(k), v if isinstance(v, dict) else {}) for k, v in resources.items()]
        pairs.sort(key=_resource_order)
    elif isinstance(resources, str):
        pairs = [(resources, {})]
    elif isinstance(resources, (list, tuple)):
        pairs = [(str(r), {}) for r in resources]
    else:
        return False, None
    for pattern, extra in pairs:
        pattern = ".*" if pattern == "*" else pattern
        if _path_matches(path, pattern):
            return True, options_of(setup.options, config_unknown, {k: v for k, v in extra.items() if k in _DEFAULTS})
    return True, None


def _resource_order(pair: tuple[str, object]) -> tuple[int, int, int, int]:
    pattern = pair[0]
    regex = _probably_regex(pattern)
    return (1 if regex else 0, 1 if regex else 0, -pattern.count("/"), -len(pattern))


def _path_matches(path: str, pattern: str) -> bool:
    if _probably_regex(pattern):
        try:
            return re.compile(pattern).match(path) is not None
        except re.error:
            return False
    return path == pattern


def _probably_regex(pattern: str) -> bool:
    return not _REGEX_HINT.isdisjoint(pattern)


# ---- the wiring of one app -------------------------------------------------------------------------------


@dataclass
class _Scaffold:
    """An app or blueprint with its after_request list in registration order."""

    target: FlaskTarget
    config_unknown: bool
    hooks: list[CorsSetup | AfterRequestHook] = field(default_factory=list)
    routes: list[FlaskRoute] = field(default_factory=list)


@dataclass
class _App:
    scaffold: _Scaffold
    blueprints: list[tuple[_Scaffold, str]] = field(default_factory=list)  # (blueprint, url prefix)


def outcomes(modules: Sequence[CorsModule], origin: str | None) -> Iterator[RouteOutcome]:
    """Every route of every app in `modules`: what its preflight and its real request carry."""
    for app in _apps(modules):
        app_hooks = app.scaffold.hooks
        for route in app.scaffold.routes:
            yield from _route_outcomes(route, route.rule, [], app_hooks, app.scaffold.config_unknown, origin)
        for blueprint, prefix in app.blueprints:
            for route in blueprint.routes:
                path = prefix.rstrip("/") + "/" + route.rule.lstrip("/") if prefix else route.rule
                yield from _route_outcomes(route, path, blueprint.hooks, app_hooks, app.scaffold.config_unknown, origin)


def _apps(modules: Sequence[CorsModule]) -> list[_App]:
    scaffolds: dict[tuple[str, str], _Scaffold] = {}
    for module in modules:
        for target in module.targets:
            scaffolds[(module.file, target.key)] = _Scaffold(target, module.config_unknown)
        items: list[CorsSetup | AfterRequestHook] = [*module.setups, *module.hooks]
        for item in items:
            owner = scaffolds.get((module.file, item.target))
            if owner is not None and not (isinstance(item, AfterRequestHook) and item.app_wide):
                owner.hooks.append(item)
        for route in module.routes:
            owner = scaffolds.get((module.file, route.target))
            if owner is not None:
                owner.routes.append(route)
    apps: list[_App] = []
    for module in modules:
        for target in module.targets:
            if target.kind != "app":
                continue
            app = _App(scaffolds[(module.file, target.key)])
            registered: list[tuple[int, list[AfterRequestHook]]] = []
            for registration in module.registrations:
                if registration.app != target.key:
                    continue
                blueprint = _find_blueprint(
                    scaffolds, modules, module.file, registration.blueprint, registration.imported_from
                )
                if blueprint is None:
                    continue
                prefix = registration.url_prefix or blueprint.target.url_prefix or ""
                app.blueprints.append((blueprint, prefix))
                app_wide = [
                    h
                    for m in modules
                    if m.file == blueprint.target.file
                    for h in m.hooks
                    if h.app_wide and h.target == blueprint.target.key
                ]
                registered.append((registration.order, app_wide))
            # after_app_request functions join the app's list where register_blueprint() is called
            merged: list[tuple[int, int, CorsSetup | AfterRequestHook]] = [
                (item.order, 0, item) for item in app.scaffold.hooks
            ]
            for order, hooks in registered:
                merged.extend((order, i + 1, hook) for i, hook in enumerate(sorted(hooks, key=lambda h: h.order)))
            app.scaffold.hooks = [item for _, _, item in sorted(merged, key=lambda t: (t[0], t[1]))]
            apps.append(app)
    return apps


def _find_blueprint(
    scaffolds: dict[tuple[str, str], _Scaffold],
    modules: Sequence[CorsModule],
    file: str,
    name: str,
    module: str | None,
) -> _Scaffold | None:
    if module is None:
        found = scaffolds.get((file, name))
        return found if found is not None and found.target.kind == "blueprint" else None
    stem = module.lstrip(".").rsplit(".", 1)[-1]
    candidates = [
        scaffolds[(m.file, name)]
        for m in modules
        if (m.file, name) in scaffolds
        and scaffolds[(m.file, name)].target.kind == "blueprint"
        and _module_stem(m.file) == stem
    ]
    return candidates[0] if len(candidates) == 1 else None


def _module_stem(file: str) -> str:
    base = os.path.splitext(os.path.basename(file))[0]
    return os.path.basename(os.path.dirname(file)) if base == "__init__" else base


# ---- one route -----------------------------------------------------------------------------------------------


def _route_outcomes(
    route: FlaskRoute,
    path: str,
    blueprint_hooks: Sequence[CorsSetup | AfterRequestHook],
    app_hooks: Sequence[CorsSetup | AfterRequestHook],
    config_unknown: bool,
    origin: str | None,
) -> Iterator[RouteOutcome]:
    concrete = _CONVERTER.sub("1", path)
    methods = route.methods
    real = next((m for m in (methods or ("GET",)) if m not in ("OPTIONS", "HEAD")), "GET")
    for method in ("OPTIONS", real):
        sent = Sent(uncertain=methods is None)
        _make_response(sent, route, method == "OPTIONS", config_unknown, origin)
        for hooks in (blueprint_hooks, app_hooks):
            for item in reversed(hooks):
                if isinstance(item, CorsSetup):
                    _cors_hook(sent, item, concrete, config_unknown, origin)
                else:
                    _apply(sent, item.writes, item.opaque, origin, f"after_request function {item.function}")
        yield RouteOutcome(method, path, route.location, sent)


def _make_response(sent: Sent, route: FlaskRoute, preflight: bool, config_unknown: bool, origin: str | None) -> None:
    cross = None
    if route.cross_origin is not None and route.cross_origin_location is not None:
        cross = None if route.cross_origin_unknown else options_of(route.cross_origin, config_unknown)
        if cross is None:
            sent.uncertain = True
            return
    explicit_options = route.methods is not None and "OPTIONS" in route.methods
    if preflight and cross is not None and cross.automatic_options:
        pass  # @cross_origin answers OPTIONS itself, without calling the view
    elif not preflight or explicit_options:
        _apply(sent, route.writes, route.opaque, origin, f"view {route.function}")
    if cross is not None and route.cross_origin_location is not None:
        _flask_cors(sent, cross, Source(route.cross_origin_location, "@cross_origin", True), origin)
        sent.evaluated = True


def _cors_hook(sent: Sent, setup: CorsSetup, path: str, config_unknown: bool, origin: str | None) -> None:
    known, options = resource_options(setup, config_unknown, path)
    if not known:
        sent.uncertain = True
        return
    if options is None:
        return
    source = Source(setup.location, "CORS()", True)
    if options.supports_credentials and sent.wants_credentials is None:
        sent.wants_credentials = source
    if sent.cors_intent is None:
        sent.cors_intent = source
    if any(value for value, _ in sent.origins) or sent.evaluated:
        return  # flask-cors: "CORS have been already evaluated, skipping"
    _flask_cors(sent, options, source, origin)


def _flask_cors(sent: Sent, options: FlaskCorsOptions, source: Source, origin: str | None) -> None:
    if options.supports_credentials and sent.wants_credentials is None:
        sent.wants_credentials = source
    if sent.cors_intent is None:
        sent.cors_intent = source
    if sent.deciding is None:
        at = options.origins_at or source.location
        sent.deciding = Source(at, source.what, True)
    value = options.answer(origin)
    if value is None:
        return
    sent.origins.append((value, source))
    if options.supports_credentials:
        sent.credentials = source


def _apply(sent: Sent, writes: Sequence[HeaderWrite], opaque: bool, origin: str | None, what: str) -> None:
    if opaque:
        sent.uncertain = True
    for write in writes:
        if write.name not in (ACAO, ACAC):
            continue
        if write.conditional:
            sent.uncertain = True
        source = Source(write.location, what, False, write.removal)
        if write.name == ACAC:
            if write.value is None:
                sent.uncertain = True
            elif write.value.lower() == "true":
                sent.credentials = source
            continue
        if write.echo:
            value = origin if origin is not None else "<origin>"
        elif write.value is not None:
            value = write.value
        else:
            sent.uncertain = True
            value = "?"
        if sent.cors_intent is None:
            sent.cors_intent = source
        if write.mode == "set":
            sent.origins = [(value, source)]
        elif write.mode == "default":
            if not sent.origins:
                sent.origins.append((value, source))
        else:
            sent.origins.append((value, source))
