"""Express's path matching, as the real routers do it (checked in tests/fidelity/test_route_match_fidelity.py):
case-insensitive, a trailing slash allowed, a `use` matching a prefix that ends at a slash. A rule is read in
the syntax its writing shows: Express 5's path-to-regexp 8 (`:id`, `*splat`, `{/:id}` optional parts) when
that parser takes it, else Express 4's path-to-regexp 0.1 (`:id?`, `:id(\\d+)`, `*`), which Express 5 refuses
at start: so an app's rules mean what they mean on the Express that starts them."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from ...core.cors.route_match import RUN_TIME_PROBE

_ID = re.compile(r"[$_A-Za-z][$\w]*")  # a parameter's name (Express 5: a JavaScript identifier)
_REFUSED = frozenset("()[]+?!}")  # characters path-to-regexp 8 refuses outside a `\` escape
_GROUPS_AT_MOST = 8  # optional parts of one rule: 2**8 alternatives
# Express 4 (path-to-regexp 0.1): an escape, a parameter with its optional slash, format dot, own pattern,
# star and `?`, a lone `.` or `*`, or `/(` (an unnamed group).
_V4_TOKEN = re.compile(r"\\.|(/)?(\.)?:(\w+)(\(.*?\))?(\*)?(\?)?|[.*]|/\(")
_V4_STAR = re.compile(r"\\.|\*")


@lru_cache(maxsize=1024)
def express_pattern(rule: str, whole: bool) -> re.Pattern[str] | None:
    """The request paths a route (`whole`) or a `use` prefix written `rule` matches; None when unreadable."""
    body = _v5_body(rule)
    if body is None:
        body = _v4_body(rule)
    try:
        return re.compile(f"(?:{body})/?" + (r"\Z" if whole else r"(?=/|\Z)"), re.IGNORECASE)
    except re.error:  # a JavaScript pattern Python reads otherwise
        return None


def _v5_body(rule: str) -> str | None:
    """path-to-regexp 8 (router 2) with the router's own trailing slashes removed; None when it refuses."""
    rule = rule.rstrip("/") if rule != "/" else rule
    tokens = _v5_tokens(rule)
    if tokens is None:
        return None
    optional = [token for token in tokens if isinstance(token, list)]
    if len(optional) > _GROUPS_AT_MOST:
        return None
    alternatives = []
    for chosen in product((False, True), repeat=len(optional)):
        taken = dict(zip(map(id, optional), chosen, strict=True))
        alternatives.append(_v5_source(tokens, taken))
    return "|".join(alternatives) if rule != "/" else ""


_Token = str | list["_Token"]  # "t:text", "p:" a parameter, "w:" a wildcard, a list: an optional group


def _v5_tokens(rule: str) -> list[_Token] | None:
    stack: list[list[_Token]] = [[]]
    at = 0
    while at < len(rule):
        char = rule[at]
        at += 1
        if char == "\\" and at < len(rule):
            stack[-1].append("t:" + rule[at])
            at += 1
        elif char in ":*":
            name = _ID.match(rule, at)
            if name is None:
                return None  # "Missing parameter name"
            stack[-1].append(("p:" if char == ":" else "w:") + name.group(0))
            at = name.end()
        elif char == "{":
            stack.append([])
        elif char == "}" and len(stack) > 1:
            group = stack.pop()
            stack[-1].append(group)
        elif char in _REFUSED or char == "\\":
            return None
        else:
            stack[-1].append("t:" + char)
    return stack[0] if len(stack) == 1 else None


def _v5_source(tokens: list[_Token], taken: dict[int, bool]) -> str:
    out: list[str] = []
    for token in tokens:
        if isinstance(token, list):
            out.append(_v5_source(token, taken) if taken[id(token)] else "")
        elif token.startswith("p:"):
            out.append("[^/]+")
        elif token.startswith("w:"):
            out.append("(?s:.+)")
        else:
            out.append(re.escape(token[2:]))
    return "".join(out)


def _v4_body(rule: str) -> str:
    """path-to-regexp 0.1 (Express 4): the rule is a regular expression once its tokens are replaced."""
    out: list[str] = []
    at = 0
    backtrack = ""
    for match in _V4_TOKEN.finditer(rule):
        between = rule[at : match.start()]
        out.append(between)
        text = match.group(0)
        at = match.end()
        if text.startswith("\\"):
            out.append(text)
            backtrack += between + text
        elif text == ".":
            out.append(r"\.")
            backtrack += between + r"\."
        elif text == "*":
            out.append("(.*)")
            backtrack = ""
        elif text == "/(":
            out.append("/(?:")
            backtrack += between + "/"
        else:
            slash, dot, _name, own, star, optional = match.groups()
            backtrack = "" if slash or dot else backtrack + between
            out.append(_v4_parameter(slash or "", r"\." if dot else "", own, star, optional, backtrack))
            backtrack = ""
    out.append(rule[at:])
    body = "".join(out)
    return body[:-1] if body.endswith("/") else body  # the `/?` after it makes that slash optional


def _v4_parameter(slash: str, dot: str, own: str | None, star: str | None, optional: str | None, back: str) -> str:
    if own is not None:
        # Express 4 replaces the first escape or `*` of the parameter's own pattern: a `*` becomes `(.*)`. A
        # part of a front end's path only run time knows may be any value it takes.
        own = _V4_STAR.sub(lambda found: "(.*)" if found.group(0) == "*" else found.group(0), own, count=1)
        capture = f"(?:{own}|[^/]*{RUN_TIME_PROBE}[^/]*)"
    elif back:
        capture = f"((?:(?!/|{back}).)+?)"
    else:
        capture = f"([^/{dot}]+?)"
    rest = f"((?:[/{dot}].+?)?)" if star else ""
    return f"(?:{dot}{slash}{capture}{rest}){optional or ''}"
