"""One JavaScript / TypeScript file parsed with tree-sitter (the grammar its name calls for; a `.vue` file's
`<script>` blocks in place), and the small readers every JavaScript parser uses on it (plain string literals,
call arguments, locations). Parse only: nothing is evaluated."""

from __future__ import annotations

import re

from tree_sitter import Node, Parser

from ..core.model import Location
from ..core.text import SourceText
from .grammars import JAVASCRIPT, TSX, TYPESCRIPT, parser

_WRAPPERS = ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression")
_SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)</script>", re.DOTALL | re.IGNORECASE)


_GRAMMARS = {"typescript": TYPESCRIPT, "tsx": TSX, "javascript": JAVASCRIPT}


def _parser(name: str) -> Parser:
    return parser(_GRAMMARS[name])


def _grammar_and_text(path: str, text: str) -> tuple[str, str]:
    """The grammar for the file, and the text to parse: a `.vue` file's scripts with everything else blanked
    (lines and columns kept, so locations stay right)."""
    lower = path.lower()
    if lower.endswith(".vue"):
        kept = [" " if ch != "\n" else ch for ch in text]
        typescript = False
        for match in _SCRIPT.finditer(text):
            typescript = typescript or 'lang="ts"' in match.group(1) or "lang='ts'" in match.group(1)
            kept[match.start(2) : match.end(2)] = match.group(2)
        return ("typescript" if typescript else "javascript"), "".join(kept)
    if lower.endswith(".tsx"):
        return "tsx", text
    if lower.endswith((".ts", ".mts", ".cts")):
        return "typescript", text
    return "javascript", text


class JsText:
    def __init__(self, path: str, text: str) -> None:
        grammar, parsed = _grammar_and_text(path, text)
        self.path = path
        self.index = SourceText(parsed)
        self.source = self.index.source
        self.root = _parser(grammar).parse(self.source).root_node

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
