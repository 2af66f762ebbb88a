"""flask-cors 6's options as it computes them (flask_cors/core.py: serialize_options, parse_resources,
get_cors_headers), from the literal keyword options of `CORS(...)`, `init_app(...)` or `@cross_origin(...)`.
Pure; an option that is not a literal makes the options unknown (None)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec import Struct

from ...core.model import Location
from .cors_facts import CorsOption, CorsSetup

ALL_METHODS = ("GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE")
_DEFAULTS: dict[str, object] = {
    "origins": "*",
    "methods": ALL_METHODS,
    "allow_headers": "*",
    "supports_credentials": False,
    "send_wildcard": False,
    "automatic_options": True,
    "intercept_exceptions": True,
    "resources": r"/*",
}
_REGEX_HINT = frozenset("*\\]?$^[]()")


class FlaskCorsOptions(Struct, frozen=True):
    origins: tuple[str, ...]
    methods: str | None  # flask-cors's joined form ("DELETE, GET, ..."); None or "" sends no Allow-Methods
    allow_headers: tuple[str, ...]
    send_wildcard: bool
    supports_credentials: bool
    automatic_options: bool
    intercept_exceptions: bool
    written: dict[str, Location]  # where each option given explicitly is written (a resource's: `resources=`)

    @property
    def allow_all(self) -> bool:
        return ".*" in self.origins

    def refuses_at_startup(self) -> bool:
        """flask-cors raises ValueError in CORS() / @cross_origin for this combination."""
        return self.allow_all and self.supports_credentials and self.send_wildcard

    def answer(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin flask-cors sends for a request from `origin` (None: any origin it
        allows), or None when it sends none."""
        if self.allow_all and self.send_wildcard:
            return "*"
        if origin is None:
            return "<origin>" if self.origins else None
        return origin if any(_matches(origin, pattern, case_sensitive=False) for pattern in self.origins) else None

    def allows_method(self, method: str) -> bool:
        """Whether a preflight for `method` gets Allow-Methods and Allow-Headers (flask-cors tests `in` on the
        joined string)."""
        return bool(self.methods) and method.upper() in (self.methods or "")

    def allowed_headers(self, requested: Iterable[str]) -> str:
        """The Access-Control-Allow-Headers value for the requested header names ("" sends none)."""
        return ", ".join(
            sorted(h for h in requested if any(_matches(h, p, case_sensitive=False) for p in self.allow_headers))
        )


def options_of(
    given: Iterable[CorsOption],
    config_unknown: bool,
    extra: dict[str, object] | None = None,
    extra_at: Location | None = None,
) -> FlaskCorsOptions | None:
    """The effective options flask-cors computes, or None when one that matters is not a literal."""
    values = dict(_DEFAULTS)
    written: dict[str, Location] = {}
    for option in given:
        if option.name in _DEFAULTS and not option.known:
            return None
        values[option.name] = option.value
        written[option.name] = option.location
    if config_unknown and any(name not in written for name in _DEFAULTS):
        return None
    for name, value in (extra or {}).items():
        values[name] = value
        if extra_at is not None:
            written[name] = extra_at
    origins, allow_headers = _patterns(values["origins"]), _patterns(values["allow_headers"])
    methods = _joined(values["methods"])
    if origins is None or allow_headers is None or methods is False:
        return None
    return FlaskCorsOptions(
        origins,
        methods if isinstance(methods, str) else None,
        allow_headers,
        bool(values["send_wildcard"]),
        bool(values["supports_credentials"]),
        bool(values["automatic_options"]),
        bool(values["intercept_exceptions"]),
        written,
    )


def resource_options(setup: CorsSetup, config_unknown: bool, path: str) -> tuple[bool, FlaskCorsOptions | None]:
    """(known, options) of a CORS() hook for a request path: options None when no resource matches."""
    if setup.unknown_options:
        return False, None
    resources: object = _DEFAULTS["resources"]
    resources_at: Location | None = None
    for option in setup.options:
        if option.name == "resources":
            if not option.known:
                return False, None
            resources, resources_at = option.value, option.location
    if config_unknown and resources_at is None:
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
        if _matches(path, ".*" if pattern == "*" else pattern, case_sensitive=True):
            picked = {k: v for k, v in extra.items() if k in _DEFAULTS}
            options = options_of(setup.options, config_unknown, picked, resources_at)
            return options is not None, options
    return True, None


def _patterns(raw: object) -> tuple[str, ...] | None:
    """flask-cors's sanitize_regex_param: one pattern or several, `*` meaning `.*`."""
    items = (raw,) if isinstance(raw, str) else raw
    if not isinstance(items, (list, tuple, set)) or not all(isinstance(item, str) for item in items):
        return None
    return tuple(".*" if item == "*" else str(item) for item in items)


def _joined(raw: object) -> str | bool | None:
    """flask-cors's flexible_str(methods).upper(); False when not a string or strings."""
    if raw is None or isinstance(raw, str):
        return raw.upper() if isinstance(raw, str) else None
    if isinstance(raw, (list, tuple, set)) and all(isinstance(item, str) for item in raw):
        return ", ".join(sorted(str(item) for item in raw)).upper()
    return False


def _resource_order(pair: tuple[str, object]) -> tuple[int, int, int, int]:
    pattern = pair[0]
    regex = _probably_regex(pattern)
    return (1 if regex else 0, 1 if regex else 0, -pattern.count("/"), -len(pattern))


def _matches(value: str, pattern: str, *, case_sensitive: bool) -> bool:
    """flask-cors's try_match_pattern on a pattern _resolve_pattern compiled (regex) or kept (literal)."""
    if _probably_regex(pattern):
        try:
            return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE).match(value) is not None
        except re.error:
            return False
    return value == pattern if case_sensitive else value.casefold() == pattern.casefold()


def _probably_regex(pattern: str) -> bool:
    return not _REGEX_HINT.isdisjoint(pattern)
