"""Python's `json` module's first error, in words a person reads at the place it points to: the JSONC reader feeds
`json` the text with comments and trailing commas blanked out, so its verdict is the truth about validity, but its
messages ("Expecting ',' delimiter") and positions need translating."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable

from tree_sitter import Node

from ..core.model import ConfigProblem
from ..core.text import SourceText

_CLOSERS = {"{": "}", "[": "]"}
_WORD = re.compile(r"[A-Za-z0-9_.+\-]+")

ToChar = Callable[[int], int]


class Spans:
    """Whether an offset falls inside one of some disjoint [start, end) spans, by binary search."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def __call__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def problem(path: str, index: SourceText, offset: int, reason: str) -> ConfigProblem:
    """A problem at ``offset``: the word there, one character, or an empty range at the end."""
    text = index.text
    end = offset
    if offset < len(text):
        word = _WORD.match(text, offset)
        end = word.end() if word else offset + 1
    return ConfigProblem(index.location(path, offset, end), reason)


def json_problem(
    path: str,
    text: str,
    index: SourceText,
    significant: list[Node],
    to_char: ToChar,
    error: json.JSONDecodeError,
) -> ConfigProblem:
    pos = error.pos
    at_end = text[pos:].strip() == ""
    # The innermost bracket still open at the error, from tree-sitter's tokens.
    open_brackets: list[str] = []
    for leaf in significant:
        if to_char(leaf.start_byte) >= pos:
            break
        if leaf.type in _CLOSERS:
            open_brackets.append(leaf.type)
        elif leaf.type in ("}", "]") and open_brackets:
            open_brackets.pop()
    closer = _CLOSERS[open_brackets[-1]] if open_brackets else None
    msg = error.msg

    if msg.startswith("Unexpected UTF-8 BOM"):
        return problem(path, index, pos, "the file starts with a byte order mark: save it as UTF-8 without BOM")
    if msg.startswith("Unterminated string"):
        line_end = text.find("\n", pos)
        end = len(text) if line_end < 0 else line_end
        return ConfigProblem(index.location(path, pos, end), "unterminated string")
    if msg.startswith("Invalid control character"):
        if text[pos : pos + 1] in ("\n", "\r"):
            start = text.rfind('"', 0, pos)
            return ConfigProblem(index.location(path, max(start, 0), pos), "unterminated string")
        return problem(path, index, pos, "control character inside a string (write it as an escape)")
    if msg.startswith("Invalid \\uXXXX"):
        return problem(path, index, pos, "invalid \\u escape (needs four hex digits)")
    if msg.startswith("Invalid \\escape"):
        return ConfigProblem(index.location(path, pos, min(pos + 2, len(text))), "invalid escape sequence")
    if text.startswith("/*", pos):
        return problem(path, index, pos, "unterminated comment")
    if msg.startswith("Extra data"):
        return problem(path, index, pos, "unexpected text after the value")
    if at_end:
        if msg.startswith("Expecting value"):
            return problem(path, index, pos, "the file ends where a value is expected")
        return problem(path, index, pos, f"missing '{closer}'" if closer else "the file ends too early")
    if msg.startswith("Expecting value"):
        return problem(path, index, pos, "expected a value")
    if msg.startswith("Expecting property name"):
        return problem(path, index, pos, "expected a property name in double quotes")
    if msg.startswith("Expecting ':'"):
        return problem(path, index, pos, "expected ':' after the property name")
    if msg.startswith("Expecting ','"):
        return problem(path, index, pos, f"expected ',' or '{closer}'" if closer else "expected ','")
    return problem(path, index, pos, msg[:1].lower() + msg[1:])


def constant_problem(
    path: str, index: SourceText, blanked: str, significant: list[Node], to_char: ToChar, name: str
) -> ConfigProblem:
    """Where ``NaN`` / ``Infinity`` is written outside a string (json gives no position for them)."""
    in_string = Spans(
        [(to_char(leaf.start_byte), to_char(leaf.end_byte)) for leaf in significant if leaf.type == "string_content"]
    )
    for match in re.finditer(re.escape(name), blanked):
        if not in_string(match.start()):
            return ConfigProblem(index.location(path, match.start(), match.end()), f"{name} is not a JSON value")
    return problem(path, index, 0, f"{name} is not a JSON value")
