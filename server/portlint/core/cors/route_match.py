"""Whether a request path reaches a backend route. A backend whose matching is its own (Express: case-insensitive,
a trailing slash allowed) gives its route a matcher (`CorsRoute.matches`); the others are matched here as
werkzeug (Flask's `/items/<int:id>`, `<path:rest>`) and Starlette (FastAPI's `/items/{id}`, `{rest:path}`)
match: case-sensitive, the whole path, the trailing slash as written (the other spelling gets a redirect,
which no preflight follows: not reached). A part of the request's path only run time knows (`${id}`) fills
a parameter, never a literal: a route whose literal text it would have to be is not reached."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache

RUN_TIME_MARK = "\0"  # where a request path holds a part only run time knows
RUN_TIME_PROBE = "\x01"  # such a part, in the path a matcher gets: a value no literal text of a rule has
_SAMPLE = "1"  # what stands for such a part in the path a route's answer is worked out for
_PARAMETERS = re.compile(
    r"<(?:(?P<flask_converter>[a-zA-Z_]+)(?P<arguments>\([^)]*\))?:)?(?P<flask>[a-zA-Z_]\w*)>"  # werkzeug
    r"|\{(?P<starlette>[a-zA-Z_]\w*)(?::(?P<starlette_converter>[a-zA-Z_]+))?\}"  # Starlette
)
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# The converters, as (what a value is, the characters a value with a run-time part may hold besides).
_WERKZEUG = {
    "default": ("[^/]+", "[^/]"),
    "string": ("[^/]+", "[^/]"),
    "int": (r"\d+", r"[\d]"),
    "float": (r"\d+\.\d+", r"[\d.]"),
    "path": ("[^/].*?", "."),
    "uuid": (_UUID, "[0-9a-fA-F-]"),
}
_STARLETTE = {
    "str": ("[^/]+", "[^/]"),
    "int": ("[0-9]+", "[0-9]"),
    "float": (r"[0-9]+(?:\.[0-9]+)?", "[0-9.]"),
    "path": (".*", "."),
    "uuid": (_UUID, "[0-9a-fA-F-]"),
}

Matcher = Callable[[str], bool]  # whether a request path (run-time parts RUN_TIME_PROBE) reaches the route


def _value(converter: str, arguments: str | None, converters: Mapping[str, tuple[str, str]]) -> str | None:
    """A parameter's regular expression; None for a converter not known (a custom one)."""
    if converter == "any" and arguments:  # werkzeug's any(a, b)
        words = [word.strip().strip("'\"") for word in arguments[1:-1].split(",")]
        return "(?:" + "|".join(re.escape(word) for word in words if word) + ")"
    known = converters.get(converter)
    if known is None:
        return None
    value, chars = known
    if arguments and "signed=True" in arguments.replace(" ", ""):
        value = f"-?{value}"
    elif arguments and converter in ("default", "string"):
        return None  # length / minlength / maxlength: not read
    holding = f"(?:{chars}|{RUN_TIME_PROBE})"
    return f"(?:{value}|{holding}*{RUN_TIME_PROBE}{holding}*)"


@cache
def _rule_pattern(rule: str) -> re.Pattern[str] | None:
    """The route's rule as a regular expression over request paths; None when it cannot be read."""
    pattern, at = [], 0
    for match in _PARAMETERS.finditer(rule):
        pattern.append(re.escape(rule[at : match.start()]))
        if match.group("flask"):
            value = _value(match.group("flask_converter") or "default", match.group("arguments"), _WERKZEUG)
        else:
            value = _value(match.group("starlette_converter") or "str", None, _STARLETTE)
        if value is None:
            return None
        pattern.append(value)
        at = match.end()
    pattern.append(re.escape(rule[at:]))
    try:
        return re.compile("".join(pattern))
    except re.error:
        return None


def request_path(url_path: str) -> str:
    """The path a route sees for a request URL's path: no query or fragment, run-time parts sampled."""
    return _path(url_path).replace(RUN_TIME_MARK, _SAMPLE)


def _path(url_path: str) -> str:
    return re.split(r"[?#]", url_path, maxsplit=1)[0] or "/"


def reaches(rule: str, url_path: str, matches: Matcher | None = None) -> bool:
    """Whether a request for `url_path` (run-time parts marked) is served by the route `rule`, matched by
    the backend's own `matches` when its route gives one."""
    path = _path(url_path).replace(RUN_TIME_MARK, RUN_TIME_PROBE)
    if matches is not None:
        return matches(path)
    pattern = _rule_pattern(rule)
    return pattern is not None and pattern.fullmatch(path) is not None
