"""One JavaScript / TypeScript file parsed with tree-sitter, and the small readers every Node parser uses on
it (plain string literals, call arguments, locations). Parse only: nothing is evaluated."""

from __future__ import annotations

from functools import cache

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

from ...core.model import Location
from ...core.text import SourceText

_TYPESCRIPT = (".ts", ".mts", ".cts")
_WRAPPERS = ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression")


@cache
def _parser(typescript: bool) -> Parser:
    grammar = tree_sitter_typescript.language_typescript() if typescript else tree_sitter_javascript.language()
    return Parser(Language(grammar))


class JsText:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.index = SourceText(text)
        self.source = self.index.source
        self.root = _parser(path.lower().endswith(_TYPESCRIPT)).parse(self.source).root_node

    def arguments(self, call: Node) -> list[Node]:
        arguments = call.child_by_field_name("arguments")
        if arguments is None:
            return []
        return [child for child in arguments.named_children if child.type != "comment"]

    def string(self, node: Node) -> str | None:
        """A plain string literal's value (no escapes followed); None for anything else."""
        if node.type != "string":
            return None
        parts = [child for child in node.named_children if child.type != "string_fragment"]
        if parts:
            return None
        return self.raw(node)[1:-1]

    def raw(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node, *, inner: bool = False) -> Location:
        start, end = self.index.char_of_byte(node.start_byte), self.index.char_of_byte(node.end_byte)
        if inner:
            start, end = start + 1, max(start + 1, end - 1)
        return self.index.location(self.path, start, end)


def unwrap(node: Node) -> Node:
    """`(x)`, `x as T`, `x!` → `x`."""
    while node.named_children and node.type in _WRAPPERS:
        node = node.named_children[0]
    return node
