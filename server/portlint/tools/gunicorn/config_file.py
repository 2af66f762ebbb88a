"""`gunicorn.conf.py` → its `bind`, read with tree-sitter-python (never executed): a string or a list or tuple
of strings; anything else is known only at run time."""

from __future__ import annotations

import tree_sitter_python
from tree_sitter import Language, Node, Parser

from ...core.facts import Address, ParseResult, Token
from ...core.model import Location
from ...core.text import SourceText
from .address import Span, address
from .facts import GunicornConfig

_PYTHON = Language(tree_sitter_python.language())


def parse_gunicorn_config(path: str, text: str) -> ParseResult:
    source = SourceText(text)
    root = Parser(_PYTHON).parse(source.source).root_node
    config = GunicornConfig(path)
    for statement in root.named_children:
        assignment = statement.named_children[0] if statement.type == "expression_statement" else None
        if assignment is None or assignment.type != "assignment":
            continue
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left is None or right is None or _text(source, left) != "bind":
            continue
        at = Location(path, source.byte_range(left.start_byte, left.end_byte))
        binds = _binds(path, source, right)
        config = GunicornConfig(path, binds or (), at, bind_computed=binds is None)
    return ParseResult(facts=[config])


def _binds(path: str, source: SourceText, value: Node) -> tuple[Address, ...] | None:
    items = value.named_children if value.type in ("list", "tuple") else [value]
    found = [_address(path, source, item) for item in items if item.type != "comment"]
    if any(bind is None for bind in found):
        return None
    return tuple(bind for bind in found if bind is not None)


def _address(path: str, source: SourceText, node: Node) -> Address | None:
    """A plain string's address, its parts located character for character (no escapes, no f-string)."""
    if node.type != "string":
        return None
    inner = [c for c in node.named_children if c.type not in ("string_start", "string_end")]
    if len(inner) > 1 or any(c.type != "string_content" for c in inner):
        return None
    start_node = inner[0] if inner else node.named_children[0]
    start = source.char_of_byte(start_node.start_byte if inner else start_node.end_byte)
    content = _text(source, inner[0]) if inner else ""

    def token(span: Span) -> Token:
        return Token(content[span[0] : span[1]], source.location(path, start + span[0], start + span[1]))

    return address(token((0, len(content))), token)


def _text(source: SourceText, node: Node) -> str:
    return source.decode(node.start_byte, node.end_byte)
