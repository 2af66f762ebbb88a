"""One JavaScript / TypeScript source file read with tree-sitter (never run): the grammar its name calls for
(a `.vue` file's `<script>` blocks in place), the names it declares, and small readers of literals. A URL
built from pieces is followed through what front ends write: string literals, template strings, `+`, a
`const` of the file, a class field (`this.apiUrl`), `import.meta.env.VITE_X` / `process.env.REACT_APP_X`,
Angular's `environment.apiUrl`, and `a || 'fallback'`."""

from __future__ import annotations

import re

from tree_sitter import Node

from ..core.cors.calls import RUN_TIME, Named, UrlPiece, UrlTemplate
from .js_text import JsText, unwrap
from .syntax_tree import walk

_ENV = re.compile(r"(?:import\.meta\.env|process\.env)\.([A-Za-z_][A-Za-z0-9_]*)")
_ENVIRONMENT = re.compile(r"environment(?:\.[A-Za-z_$][\w$]*)+")
_THIS_FIELD = re.compile(r"this\.([A-Za-z_$][\w$]*)")
_DEVELOPMENT = frozenset(
    {
        "import.meta.env.DEV", "!import.meta.env.PROD", "import.meta.env.MODE==='development'",
        "process.env.NODE_ENV==='development'", "process.env.NODE_ENV!=='production'", "isDevMode()",
    }
)  # fmt: skip
_PRODUCTION = frozenset(
    {
        "import.meta.env.PROD", "!import.meta.env.DEV", "import.meta.env.MODE==='production'",
        "process.env.NODE_ENV==='production'", "process.env.NODE_ENV!=='development'", "environment.production",
    }
)  # fmt: skip
SPREAD = "..."  # the key under which `members` notes a spread (`{...defaults}`)
_MAX_DEPTH = 6  # const → const → field → template → literal


class JsSource(JsText):
    """A parsed file with its declarations: `const`/`let`/`var` and class fields by name."""

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
        self.declared: dict[str, Node] = {}
        self.fields: dict[str, Node] = {}
        self.nodes: list[Node] = list(walk(self.root))
        for node in self.nodes:
            if node.type == "variable_declarator":
                self._declare(node, "name", self.declared)
            elif node.type in ("public_field_definition", "field_definition"):
                self._declare(node, "name" if node.type == "public_field_definition" else "property", self.fields)

    def _declare(self, node: Node, field: str, into: dict[str, Node]) -> None:
        name, value = node.child_by_field_name(field), node.child_by_field_name("value")
        if name is not None and value is not None and name.type in ("identifier", "property_identifier"):
            into.setdefault(self.raw(name), value)  # the first one written wins: top-level before inner

    # ---- literals -------------------------------------------------------------------------------------------

    def compact(self, node: Node) -> str:
        """The node's text without spaces or line breaks (`this . http` is `this.http`)."""
        return "".join(self.raw(node).split())

    def string(self, node: Node | None) -> str | None:
        """A string literal's value (escapes as written), or a template string without substitutions; None for
        anything else."""
        if node is None:
            return None
        node = unwrap(node)
        if node.type == "string" or (node.type == "template_string" and not _substitutions(node)):
            return self.raw(node)[1:-1]
        return None

    def members(self, node: Node | None) -> dict[str, Node] | None:
        """An object literal's members by key (a `{ name }` shorthand as the declared value); None when the
        node is no object literal."""
        if node is None:
            return None
        node = self.follow(node)
        if node.type != "object":
            return None
        members: dict[str, Node] = {}
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is not None and value is not None:
                    members[self.string(key) or self.raw(key)] = value
            elif child.type == "shorthand_property_identifier":  # `{ method }`: a `const` of the file, or unknown
                members[self.raw(child)] = self.declared.get(self.raw(child), child)
            elif child.type == "spread_element":  # `{ ...defaults }`: members only run time knows
                members[SPREAD] = child
        return members

    def follow(self, node: Node, depth: int = 0) -> Node:
        """The value a name stands for (`const options = {...}`; `this.base`), as far as the file says."""
        node = unwrap(node)
        while depth < _MAX_DEPTH:
            depth += 1
            if node.type == "identifier" and self.raw(node) in self.declared:
                node = unwrap(self.declared[self.raw(node)])
                continue
            field = _THIS_FIELD.fullmatch(self.compact(node)) if node.type == "member_expression" else None
            if field is not None and field.group(1) in self.fields:
                node = unwrap(self.fields[field.group(1)])
                continue
            break
        return node

    # ---- URLs -----------------------------------------------------------------------------------------------

    def template(self, node: Node, depth: int = 0) -> UrlTemplate:
        """The URL an expression builds, in pieces (see `core.cors.calls`)."""
        node = unwrap(node)
        if depth > _MAX_DEPTH:
            return (RUN_TIME,)
        kind = node.type
        if kind == "string":
            return (self.raw(node)[1:-1],)
        if kind == "template_string":
            pieces: list[UrlPiece] = []
            for child in node.named_children:
                if child.type == "template_substitution":
                    inner = child.named_children
                    pieces += self.template(inner[0], depth + 1) if inner else (RUN_TIME,)
                else:
                    pieces.append(self.raw(child))
            return joined(pieces)
        if kind == "binary_expression":
            return self._binary(node, depth)
        if kind == "ternary_expression":
            return self._in_development(node, depth)
        if kind in ("identifier", "member_expression"):
            return self._name(node, depth)
        return (RUN_TIME,)

    def _binary(self, node: Node, depth: int) -> UrlTemplate:
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return (RUN_TIME,)
        if self.raw(operator) == "+":
            return joined([*self.template(left, depth + 1), *self.template(right, depth + 1)])
        if self.raw(operator) in ("||", "??"):
            first = self.template(left, depth + 1)
            if len(first) == 1 and isinstance(first[0], Named) and first[0].fallback is None:
                return (Named(first[0].name, self.template(right, depth + 1)),)
        return (RUN_TIME,)

    def _in_development(self, node: Node, depth: int) -> UrlTemplate:
        """`import.meta.env.DEV ? local : deployed` (and NODE_ENV tests): the branch a dev server builds."""
        condition = node.child_by_field_name("condition")
        chosen = None
        if condition is not None:
            test = self.compact(condition).replace('"', "'").strip("()")
            if test in _DEVELOPMENT:
                chosen = node.child_by_field_name("consequence")
            elif test in _PRODUCTION:
                chosen = node.child_by_field_name("alternative")
        return self.template(chosen, depth + 1) if chosen is not None else (RUN_TIME,)

    def _name(self, node: Node, depth: int) -> UrlTemplate:
        text = self.compact(node)
        env = _ENV.fullmatch(text)
        if env is not None:
            return (Named(f"env:{env.group(1)}"),)
        if _ENVIRONMENT.fullmatch(text):
            return (Named(text),)
        followed = self.follow(node)
        if followed is not unwrap(node):
            return self.template(followed, depth + 1)
        return (RUN_TIME,)


def _substitutions(node: Node) -> bool:
    return any(child.type == "template_substitution" for child in node.named_children)


def joined(pieces: list[UrlPiece] | tuple[UrlPiece, ...]) -> UrlTemplate:
    """Adjacent text pieces merged, empty ones dropped."""
    result: list[UrlPiece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if result and isinstance(result[-1], str):
                result[-1] = result[-1] + piece
                continue
        result.append(piece)
    return tuple(result)
