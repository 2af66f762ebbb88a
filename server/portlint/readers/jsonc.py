"""JSON with comments and trailing commas, read with exact positions.

The Angular CLI reads angular.json and proxy.conf.json with `jsonc-parser` (comments and trailing commas
allowed) and firebase-tools strips comments from firebase.json, so one reader serves all of them.
tree-sitter-json gives the positions; Python's `json` module, fed the same text with comments and trailing
commas blanked out, decides validity and words the first error, so both agree on what is JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from msgspec import Struct
from tree_sitter import Node, Parser

from ..core.facts import Token
from ..core.model import ConfigProblem, Location, Position, Range
from ..core.text import SourceText, utf16_len
from .grammars import JSON, parser
from .json_problems import Spans, ToChar, constant_problem, json_problem, problem

_NO_TRAILING_COMMA = "trailing comma: this file is read as strict JSON (only comments are allowed)"
_EXPONENT_PLUS = re.compile(r"(?<=[0-9][eE])\+(?=[0-9])")


CODE = "code"  # the kind of a JNode whose value is an expression, not a literal (js_literal.py)


class JNode(Struct, frozen=True):
    """One JSON value and where it is written."""

    kind: str  # "object" | "array" | "string" | "number" | "true" | "false" | "null"; "code" (js_literal)
    value: object  # dict[str, JNode] (last duplicate key wins) | list[JNode] | str | int | float | bool | None
    location: Location  # strings: the content inside the quotes; other kinds: the whole node
    key: Location | None = None  # for an object member: the key's content inside its quotes

    def get(self, key: str) -> JNode | None:
        """The member ``key`` of an object; None for a missing key or when this is no object."""
        if self.kind == "object" and isinstance(self.value, dict):
            member = self.value.get(key)
            return member if isinstance(member, JNode) else None
        return None

    def members(self) -> Iterator[tuple[str, JNode]]:
        """An object's members in written order (nothing for other kinds)."""
        if self.kind == "object" and isinstance(self.value, dict):
            yield from self.value.items()

    def elements(self) -> list[JNode]:
        """An array's elements (empty for other kinds)."""
        if self.kind == "array" and isinstance(self.value, list):
            return list(self.value)
        return []

    def plain(self) -> object:
        """The plain Python value, recursively."""
        if self.kind == "object" and isinstance(self.value, dict):
            return {name: member.plain() for name, member in self.value.items()}
        if self.kind == "array" and isinstance(self.value, list):
            return [element.plain() for element in self.value]
        return self.value

    @property
    def text(self) -> str | None:
        """A string's decoded value, else None."""
        return self.value if self.kind == "string" and isinstance(self.value, str) else None


def sub_location(node: JNode, start: int, end: int) -> Location:
    """Where ``node.value[start:end]`` of a string is written.

    Exact when the string has no escapes (the raw content then equals the value); with escapes the
    offsets no longer line up and the whole string's location is returned.
    """
    value = node.value
    loc = node.location
    rng = loc.range
    if (
        not isinstance(value, str)
        or rng.start.line != rng.end.line
        or rng.end.character - rng.start.character != utf16_len(value)
    ):
        return loc
    line, base = rng.start.line, rng.start.character
    return Location(
        loc.file,
        Range(
            Position(line, base + utf16_len(value[:start])),
            Position(line, base + utf16_len(value[:end])),
        ),
    )


def _parser() -> Parser:
    return parser(JSON)


class _NotJson(ValueError):
    """NaN / Infinity: Python's json accepts them, JSON does not."""


def _reject_constant(name: str) -> object:
    raise _NotJson(name)


def _whole_number(digits: str) -> int | float:
    """A JSON integer; one longer than Python's int() takes (4300 digits) as the float JavaScript reads."""
    try:
        return int(digits)
    except ValueError:
        return float(digits)


def scalar_token(node: JNode | None) -> Token | None:
    """A string or whole number as a `Token` (the text as written, unquoted); None for anything else."""
    if node is None:
        return None
    if node.kind == "string" and isinstance(node.value, str):
        return Token(node.value, node.location)
    if node.kind == "number" and not isinstance(node.value, bool):
        if isinstance(node.value, int):
            return Token(str(node.value), node.location)
        if isinstance(node.value, float) and node.value.is_integer():
            return Token(str(int(node.value)), node.location)
    return None


def parse_jsonc(
    path: str, text: str | SourceText, *, trailing_commas: bool = True
) -> tuple[JNode | None, list[ConfigProblem]]:
    """Read ``text`` (the content of ``path``) as JSONC. Never raises.

    Returns the root value, or None with one problem at the first syntax error. ``text`` may come as the
    caller's `SourceText`, so a file's text model is built once. With
    ``trailing_commas=False`` (firebase-tools: comments are stripped, then the JSON is strict) a trailing
    comma is such an error.
    """
    index = text if isinstance(text, SourceText) else SourceText(text)
    text = index.text
    if not text.strip():
        return None, [ConfigProblem(Location(path, Range(Position(0, 0), index.end())), "the file is empty")]
    try:
        return _parse(path, text, index, trailing_commas)
    except RecursionError:
        return None, [problem(path, index, 0, "the values are nested too deeply to read")]


def _parse(path: str, text: str, index: SourceText, trailing_commas: bool) -> tuple[JNode | None, list[ConfigProblem]]:
    text = index.text  # lone surrogates made U+FFFD, so the text is UTF-8 and every offset stays put
    tree = _parser().parse(index.source)
    to_char = index.char_of_byte
    leaves = list(_leaves(tree.root_node))

    # Blank comments and trailing commas (same character count, so offsets stay put).
    chars = list(text)
    significant: list[Node] = []
    strict_commas: dict[int, int] = {}  # offset of the closer → offset of the trailing comma before it
    for leaf in leaves:
        if leaf.type == "comment":
            for i in range(to_char(leaf.start_byte), to_char(leaf.end_byte)):
                if chars[i] not in "\r\n":
                    chars[i] = " "
        elif not leaf.is_missing:
            significant.append(leaf)
    for i, leaf in enumerate(significant):
        if (
            leaf.type == ","
            and 0 < i < len(significant) - 1
            and significant[i + 1].type in ("}", "]")
            and significant[i - 1].type not in ("{", "[", ",", ":")
        ):
            offset = to_char(leaf.start_byte)
            if trailing_commas:
                chars[offset] = " "
            else:  # left in: json fails at the closer after it, which is then worded as this comma
                strict_commas[to_char(significant[i + 1].start_byte)] = offset
    blanked = "".join(chars)

    if blanked.strip() == "":
        return None, [problem(path, index, len(text), "the file holds only comments, no value")]
    try:
        json.loads(blanked, parse_constant=_reject_constant, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        if error.pos in strict_commas:
            comma = strict_commas[error.pos]
            return None, [ConfigProblem(index.location(path, comma, comma + 1), _NO_TRAILING_COMMA)]
        return None, [json_problem(path, text, index, significant, to_char, error)]
    except _NotJson as error:
        return None, [constant_problem(path, index, blanked, significant, to_char, str(error))]

    clean = SourceText(_plain_exponents(blanked, tree.root_node, to_char))
    clean_tree = _parser().parse(clean.source)
    clean_to_char = clean.char_of_byte
    first_error = _first_error(clean_tree.root_node)
    if first_error is not None:
        reason = f"missing {first_error.type}" if first_error.is_missing else "unexpected text"
        return None, [problem(path, index, clean_to_char(first_error.start_byte), reason)]
    values = [child for child in clean_tree.root_node.named_children if child.type != "comment"]
    if len(values) != 1:  # json.loads already rejects extra values; this is belt and braces
        return None, [problem(path, index, 0, "expected exactly one value")]
    builder = _Builder(path, index, clean)
    return builder.build(values[0]), []


def _plain_exponents(text: str, root: Node, to_char: ToChar) -> str:
    """`1e+16` → `1e016` (same value, same length): tree-sitter-json 0.24 rejects an explicit `+`."""
    if "+" not in text:
        return text
    strings: list[tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "string":
            strings.append((to_char(node.start_byte), to_char(node.end_byte)))
        else:
            stack.extend(node.children)
    inside = Spans(strings)
    chars = list(text)
    for match in _EXPONENT_PLUS.finditer(text):
        if not inside(match.start()):
            chars[match.start()] = "0"
    return "".join(chars)


def _leaves(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.child_count == 0:
            if node is not root or node.end_byte > node.start_byte:
                yield node
        else:
            stack.extend(reversed(node.children))


def _first_error(root: Node) -> Node | None:
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(reversed([child for child in node.children if child.has_error or child.is_missing]))
    return None


class _Builder:
    """Turns a clean tree-sitter tree into JNodes."""

    def __init__(self, path: str, index: SourceText, clean: SourceText) -> None:
        self.path = path
        self.index = index
        self.source = clean.source
        self.to_char = clean.char_of_byte

    def build(self, node: Node, key: Location | None = None) -> JNode:
        kind = node.type
        if kind == "object":
            members: dict[str, JNode] = {}
            for pair in node.named_children:
                if pair.type != "pair":
                    continue
                key_node = pair.child_by_field_name("key")
                value_node = pair.child_by_field_name("value")
                if key_node is None or value_node is None:
                    continue
                name = self._string_value(key_node)
                members.pop(name, None)  # last duplicate wins, and sits where it was last written
                members[name] = self.build(value_node, self._inner(key_node))
            return JNode("object", members, self._outer(node), key)
        if kind == "array":
            elements = [self.build(child) for child in node.named_children if child.type != "comment"]
            return JNode("array", elements, self._outer(node), key)
        if kind == "string":
            return JNode("string", self._string_value(node), self._inner(node), key)
        if kind == "number":
            return JNode("number", json.loads(self._raw(node), parse_int=_whole_number), self._outer(node), key)
        if kind == "true":
            return JNode("true", True, self._outer(node), key)
        if kind == "false":
            return JNode("false", False, self._outer(node), key)
        return JNode("null", None, self._outer(node), key)

    def _raw(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8")

    def _string_value(self, node: Node) -> str:
        value = json.loads(self._raw(node))
        return value if isinstance(value, str) else str(value)

    def _outer(self, node: Node) -> Location:
        return self.index.location(self.path, self.to_char(node.start_byte), self.to_char(node.end_byte))

    def _inner(self, node: Node) -> Location:
        start, end = self.to_char(node.start_byte), self.to_char(node.end_byte)
        return self.index.location(self.path, start + 1, max(start + 1, end - 1))
