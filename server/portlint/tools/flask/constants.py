"""The port and host constants of a Python module that a runner elsewhere may read (`Config.PORT`,
`from settings import PORT`), found line by line without parsing the module: config modules are many and
most are never read for a port, so the first scan must not pay a full parse for each.

Read, at module level or in a class body at module level: `NAME = 5066`, `NAME = "0.0.0.0"`, and the
fallback of an environment read: `int(os.getenv("PORT", "5066"))`, `os.environ.get("PORT", 5066)`,
`os.environ.get("PORT") or 5066` (`str()`/`int()` around it or not). The last assignment of a name wins.
"""

from __future__ import annotations

import re

from ...core.facts import Token
from ...core.text import SourceText
from .facts import Constant, PythonConstants

_LITERAL = r"""(?P<{0}>-?\d+|'[^'\\\n]*'|"[^"\\\n]*")"""
_GETTER = r"(?:os\.)?(?:getenv|environ\.get)"
_NAME_ARGUMENT = r"""\(\s*(?:'[^'\n]*'|"[^"\n]*")\s*"""
_INNER = (
    rf"(?:{_LITERAL.format('literal')}"
    rf"|{_GETTER}{_NAME_ARGUMENT},\s*(?:default\s*=\s*)?{_LITERAL.format('default')}\s*\)"
    rf"|{_GETTER}{_NAME_ARGUMENT}\)\s+or\s+{_LITERAL.format('fallback')})"
)
_ASSIGNMENT = re.compile(
    rf"(?P<indent>[ \t]*)(?P<name>[A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*"
    rf"(?P<conversion>(?:int|str)\(\s*)?{_INNER}(?(conversion)\s*\))[ \t]*(?:#.*)?\r?$"
)
_CLASS = re.compile(r"class[ \t]+(?P<name>[A-Za-z_]\w*)\b.*:")
_WORDS = ("port", "host")


def may_name_constants(text: str) -> bool:
    return "PORT" in text or "HOST" in text


def read_constants(path: str, text: str) -> PythonConstants | None:
    """The module's port and host constants by dotted name ("PORT", "Config.PORT"), or None. One pass over
    the lines: an unindented `class X:` line opens X's body (its statements share the indentation of the
    first), any other unindented statement closes it."""
    index: SourceText | None = None
    values: dict[str, Constant] = {}
    owner = ""  # the module-level class whose body the lines are in, "" for none
    body: str | None = None  # the indentation of that body's statements
    offset = 0
    for line in text.split("\n"):
        start_of_line, offset = offset, offset + len(line) + 1
        stripped = line.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        indent = line[: len(line) - len(stripped)]
        if not indent:
            opened = _CLASS.match(line)
            owner, body = (opened.group("name") if opened else ""), None
        elif owner and body is None:
            body = indent
        match = _ASSIGNMENT.match(line) if ("PORT" in line or "HOST" in line or "port" in line) else None
        if match is None or not any(word in match.group("name").lower() for word in _WORDS):
            continue
        if indent and (not owner or indent != body):
            continue  # indented, but not a statement of a module-level class body
        scope = owner if indent else ""
        group = next(g for g in ("literal", "default", "fallback") if match.group(g) is not None)
        start, end = match.span(group)
        if match.group(group)[0] in "'\"":
            start, end = start + 1, end - 1
        index = index or SourceText(text)
        where = index.location(path, start_of_line + start, start_of_line + end)
        values[f"{scope}.{match.group('name')}" if scope else match.group("name")] = Constant(
            Token(line[start:end], where), literal=group == "literal"
        )
    return PythonConstants(path, values) if values else None
