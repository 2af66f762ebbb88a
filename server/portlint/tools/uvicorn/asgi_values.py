"""Literal values in a parsed Python module, as far as reading can tell: Python literals, and names the module
binds once at its top level to a literal (`origins = ["http://localhost:3000"]`), never changed afterwards
(no `origins.append(...)`, no `origins += ...`). Anything else (settings, the environment, a call) is
unknown."""

from __future__ import annotations

import ast

from tree_sitter import Node

from ...core.model import Location
from ...core.text import SourceText
from ...readers.syntax_tree import walk

_LITERALS = frozenset({"string", "concatenated_string", "integer", "float", "true", "false", "none"})
_CONTAINERS = {"list": list, "tuple": tuple, "set": set}
_MUTATORS = frozenset({"append", "extend", "insert", "remove", "pop", "clear", "add", "update", "discard"})
_MAX_DEPTH = 8  # `A = B`, `B = C`, ...: deeper chains (or cycles) are not followed
UNKNOWN = (False, None)


class Values:
    """Evaluates expressions of one module; module-level constants are indexed once."""

    def __init__(self, path: str, text: SourceText, root: Node) -> None:
        self.path, self.text, self.root = path, text, root
        self._constants: dict[str, Node] = {}
        changed: set[str] = set()
        for statement in root.named_children:
            target = statement.named_child(0) if statement.type == "expression_statement" else None
            if target is not None and target.type == "assignment":
                left, right = target.child_by_field_name("left"), target.child_by_field_name("right")
                if left is not None and right is not None and left.type == "identifier":
                    name = self.node_text(left)
                    changed.update({name} if name in self._constants else ())
                    self._constants[name] = right
        for node in walk(root):
            changed.update(self._changed_name(node))
        for name in changed:
            self._constants.pop(name, None)

    def _changed_name(self, node: Node) -> list[str]:
        """A name changed after it is bound: `x += ...`, `x.append(...)`, `x[0] = ...`, `global x`."""
        if node.type == "augmented_assignment":
            left = node.child_by_field_name("left")
            return [self.node_text(left)] if left is not None and left.type == "identifier" else []
        if node.type == "global_statement":
            return [self.node_text(name) for name in node.named_children]
        if node.type == "attribute":
            owner, attribute = node.child_by_field_name("object"), node.child_by_field_name("attribute")
            mutated = owner is not None and attribute is not None and self.node_text(attribute) in _MUTATORS
            if mutated and owner is not None and owner.type == "identifier":
                return [self.node_text(owner)]
        if node.type == "assignment":  # `x[0] = ...`
            left = node.child_by_field_name("left")
            if left is not None and left.type == "subscript":
                owner = left.child_by_field_name("value")
                return [self.node_text(owner)] if owner is not None and owner.type == "identifier" else []
        return []

    def literal(self, node: Node, depth: int = 0) -> tuple[bool, object]:
        """(True, value) for a literal or a constant of this module (lists as tuples), else (False, None)."""
        while node.type == "parenthesized_expression" and node.named_child_count == 1:
            inner = node.named_child(0)
            if inner is None:
                return UNKNOWN
            node = inner
        if depth > _MAX_DEPTH or node.has_error:
            return UNKNOWN
        if node.type in _LITERALS:
            if any(child.type == "interpolation" for child in walk(node)):
                return UNKNOWN
            try:
                return True, ast.literal_eval(self.node_text(node))
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                return UNKNOWN
        if node.type in _CONTAINERS:
            items = []
            for element in node.named_children:
                if element.type == "comment":
                    continue
                known, value = self.literal(element, depth + 1)
                if not known:
                    return UNKNOWN
                items.append(value)
            return True, tuple(items)
        if node.type == "identifier" and self.node_text(node) in self._constants:
            return self.literal(self._constants[self.node_text(node)], depth + 1)
        return UNKNOWN

    def constant(self, node: Node) -> Node:
        """What a name bound once at the module's top level (and never changed) is bound to; else `node`."""
        seen = 0
        while node.type == "identifier" and self.node_text(node) in self._constants and seen <= _MAX_DEPTH:
            node, seen = self._constants[self.node_text(node)], seen + 1
        return node

    def string(self, node: Node | None) -> str | None:
        if node is None:
            return None
        known, value = self.literal(node)
        return value if known and isinstance(value, str) else None

    def node_text(self, node: Node) -> str:
        return self.text.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node) -> Location:
        return Location(self.path, self.text.point_range(node.start_point, node.end_point))


def arguments(call: Node) -> tuple[list[Node], dict[str, Node], bool]:
    """A call's positional arguments, keyword arguments by name, and whether it splats (`*a`, `**kw`)."""
    node = call.child_by_field_name("arguments")
    positional: list[Node] = []
    keywords: dict[str, Node] = {}
    splat = False
    for argument in node.named_children if node is not None and node.type == "argument_list" else []:
        if argument.type == "keyword_argument":
            name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
            if name is not None and value is not None and name.text is not None:
                keywords.setdefault(name.text.decode("utf-8", errors="replace"), value)
        elif argument.type in ("dictionary_splat", "list_splat"):
            splat = True
        elif argument.type != "comment":
            positional.append(argument)
    return positional, keywords, splat


def last_word(text: str) -> str:
    """`fastapi.middleware.cors.CORSMiddleware` → `CORSMiddleware`."""
    return text.rsplit(".", 1)[-1].strip()
