"""The syntax helpers the Flask CORS reader shares: a node's text, literal value and location, a call's
callee and arguments, whether a statement is conditional, and the whole lines a statement stands alone on."""

from __future__ import annotations

import ast
import re

from tree_sitter import Node

from ...core.model import Location, Position, Range
from ...readers.syntax_tree import walk
from .python_index import PythonIndex

_CONDITIONAL = frozenset(
    {"if_statement", "for_statement", "while_statement", "try_statement", "conditional_expression", "match_statement"}
)
# A string literal whose value is what is written between its quotes (no prefix, escape or quote inside).
_PLAIN_STRING = re.compile(r"""(?:'[^'"\\\r\n\x00]*'|"[^'"\\\r\n\x00]*")\Z""")
_LITERAL_NODES = frozenset(
    {"string", "concatenated_string", "integer", "float", "true", "false", "none", "list", "tuple", "dictionary"}
)


class Syntax:
    """One parsed Python file, read through tree-sitter; never imported."""

    def __init__(self, index: PythonIndex) -> None:
        self.file = index
        self.path = index.path
        self.source = index.source
        self.conditionals: dict[int, bool] = {}  # node id → inside a conditional of its function

    def literal(self, node: Node) -> tuple[bool, object]:
        """(True, value) for a Python literal (strings without interpolation, numbers, lists, dicts...)."""
        if node.type not in _LITERAL_NODES or node.has_error:
            return False, None
        text = self.text(node)
        if "{" in text and any(n.type == "interpolation" for n in walk(node)):
            return False, None
        if _PLAIN_STRING.match(text):
            return True, text[1:-1]
        try:
            return True, ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return False, None

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node) -> Location:
        return self.file.location(node)

    def callee_name(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "identifier":
            return self.text(function)
        if function.type == "attribute":
            attribute = function.child_by_field_name("attribute")
            return self.text(attribute) if attribute is not None else None
        return None

    def positional(self, call: Node) -> list[Node]:
        return [a for a in arguments(call) if a.type not in ("keyword_argument", "dictionary_splat", "list_splat")]

    def keyword(self, call: Node, keyword: str) -> Node | None:
        for argument in arguments(call):
            if argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is not None and value is not None and self.text(name) == keyword:
                    return value
        return None

    def keyword_text(self, call: Node, keyword: str) -> str | None:
        value = self.keyword(call, keyword)
        return self.literal_text(value) if value is not None else None

    def literal_text(self, node: Node) -> str | None:
        known, literal = self.literal(node)
        return literal if known and isinstance(literal, str) else None

    def conditional(self, node: Node) -> bool:
        """Inside an `if`, a loop, a `try`... of its own function."""

        def link(child: Node, parent: Node) -> bool | None:
            if parent.type in _CONDITIONAL:
                return True
            return False if parent.type == "function_definition" else None

        return self.file.inherited(node, self.conditionals, link)

    def removal(self, statement: Node) -> Range | None:
        """The whole lines of a statement that is nothing but this one expression."""
        parent = self.file.parent(statement)
        if parent is None or parent.type != "expression_statement" or parent.named_child_count != 1:
            return None
        start_row, end_row = parent.start_point[0], parent.end_point[0]
        text = self.file.text
        before = text.text[text.line_start(start_row) : text.point_offset(*parent.start_point)]
        after = text.text[text.point_offset(*parent.end_point) : text.line_end(end_row)]
        if before.strip() or after.strip(" \t\r;"):
            return None
        return Range(Position(start_row, 0), Position(end_row + 1, 0))


def arguments(call: Node) -> list[Node]:
    found = call.child_by_field_name("arguments")
    if found is None or found.type != "argument_list":
        return []
    return [a for a in found.named_children if a.type != "comment"]


def decorators(decorated: Node) -> list[Node]:
    return [d.named_children[0] for d in decorated.children if d.type == "decorator" and d.named_children]


def last_word(text: str) -> str:
    return text.rsplit(".", 1)[-1].strip()
