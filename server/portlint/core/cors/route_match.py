"""Whether a request path reaches a backend route, whatever the backend's way of writing its rule: Flask's
`/items/<int:id>` and `<path:rest>`, FastAPI's `/items/{id}` and `{rest:path}`, Express's `/items/:id`,
`/items/:id?` and `*`. A part of the request's path only run time knows (`${id}`) fills a parameter, never a
literal: a route whose literal text it would have to be is not reached."""

from __future__ import annotations

import re
from functools import cache

RUN_TIME_MARK = "\0"  # where a request path holds a part only run time knows
_SAMPLE = "1"  # what stands for such a part in the path a route's answer is worked out for
_PARAMETERS = re.compile(
    r"<(?:(?P<flask_converter>[a-zA-Z_]+)(?:\([^)]*\))?:)?(?P<flask>[a-zA-Z_]\w*)>"  # Flask
    r"|\{(?P<fastapi>[a-zA-Z_]\w*)(?::(?P<fastapi_converter>[a-zA-Z_]+))?\}"  # FastAPI / Starlette
    r"|:(?P<express>[a-zA-Z_]\w*)(?:\([^)]*\))?(?P<optional>\?)?"  # Express
    r"|(?P<star>\*[a-zA-Z_]*\w*)"  # Express's `*` / `*splat`
)
_PROBE = "\x01"  # a run-time part, while matching: a value no literal text of a route has
_SEGMENT = "[^/]+"
_REST = ".+"
_NUMBER = f"[0-9.{_PROBE}]+"


@cache
def _rule_pattern(rule: str) -> re.Pattern[str] | None:
    """The route's rule as a regular expression over request paths; None when it cannot be read."""
    pattern, at = [], 0
    for match in _PARAMETERS.finditer(rule):
        pattern.append(re.escape(rule[at : match.start()]))
        converter = match.group("flask_converter") or match.group("fastapi_converter")
        if match.group("star") or converter == "path":
            pattern.append(_REST)
        elif converter in ("int", "float"):
            pattern.append(_NUMBER)
        elif match.group("optional"):
            if pattern and pattern[-1].endswith("/"):
                pattern[-1] = pattern[-1][:-1]
                pattern.append(f"(?:/{_SEGMENT})?")
            else:
                pattern.append(f"(?:{_SEGMENT})?")
        else:
            pattern.append(_SEGMENT)
        at = match.end()
    pattern.append(re.escape(rule[at:]))
    try:
        return re.compile("".join(pattern))
    except re.error:
        return None


def request_path(url_path: str) -> str:
    """The path a route sees for a request URL's path: no query or fragment, run-time parts sampled."""
    path = re.split(r"[?#]", url_path, maxsplit=1)[0] or "/"
    return path.replace(RUN_TIME_MARK, _SAMPLE)


def reaches(rule: str, url_path: str) -> bool:
    """Whether a request for `url_path` (run-time parts marked) is served by the route `rule`."""
    pattern = _rule_pattern(rule)
    path = re.split(r"[?#]", url_path, maxsplit=1)[0] or "/"
    return pattern is not None and pattern.fullmatch(path.replace(RUN_TIME_MARK, _PROBE)) is not None
