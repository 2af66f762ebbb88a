"""The literal values of a JavaScript or TypeScript module as `JNode`s (for `readers.js_literal`): objects,
arrays, strings, templates without `${}`, numbers, `true` / `false` / `null`; with `Calls`, a member function
as what it returns and `process.env.X === 'v' ? a : b` as the branch the tool's X picks. Anything else is a
`"code"` node: set, to a value only run time knows."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from msgspec import Struct, field
from tree_sitter import Node

from ..core.model import Location
from ..core.text import SourceText
from .js_scalars import number as _number
from .js_scalars import unescape as _unescape
from .jsonc import CODE, JNode

# TypeScript wrappers around a value: `x as T`, `x satisfies T`, `x!`, `<T>x`.
_TYPE_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion"})
FUNCTION_TYPES = frozenset({"arrow_function", "function_expression", "function"})
_EQUALITY = frozenset({"===", "==", "!==", "!="})


class Calls(Struct, frozen=True):
    """What the tool does with the module beyond taking its literal export (see the module's docstring)."""

    methods: bool = False
    wrappers: tuple[str, ...] = ()  # name prefixes of plugin wrappers ("with")
    env: Mapping[str, str] = field(default_factory=dict)


class LiteralValues:
    """Turns the literal nodes of one parsed module into JNodes. `returned`: what a function member returns
    (the module reader follows names and helpers to it), or None when that is no literal."""

    def __init__(self, path: str, index: SourceText, calls: Calls, returned: Callable[[Node], Node | None]) -> None:
        self.path = path
        self.index = index
        self.source = index.source
        self.to_char = index.char_of_byte
        self.calls = calls
        self._returned = returned

    def value(self, node: Node, key: Location | None = None) -> JNode | None:
        """The node as a JNode (`key`: where its member's key is written); None for nothing literal at all."""
        node = unwrap(node)
        kind = node.type
        if kind == "object":
            return JNode("object", self._members(node), self.outer(node), key)
        if kind == "array":
            elements = [self.value(child) for child in node.named_children if child.type != "comment"]
            return JNode("array", [e for e in elements if e is not None], self.outer(node), key)
        if kind in ("string", "template_string"):
            value = self.string(node)
            return self._code(node, key) if value is None else JNode("string", value, self._inner(node), key)
        if kind == "number":
            number = _number(self.raw(node))
            return self._code(node, key) if number is None else JNode("number", number, self.outer(node), key)
        if kind in (*FUNCTION_TYPES, "method_definition") and self.calls.methods:
            returned = self._returned(node)
            return self.value(returned, key) if returned is not None else self._code(node, key)
        if kind == "ternary_expression" and (branch := self._env_branch(node)) is not None:
            return self.value(branch, key)
        if kind in ("true", "false"):
            return JNode(kind, kind == "true", self.outer(node), key)
        if kind == "null":
            return JNode("null", None, self.outer(node), key)
        return self._code(node, key)  # identifiers, calls, functions, ...: not a literal

    def _members(self, node: Node) -> dict[str, JNode]:
        """An object literal's members by name (the last of a name wins, in its place)."""
        members: dict[str, JNode] = {}
        for pair in node.named_children:
            value_node: Node | None = pair
            if pair.type == "method_definition" and self.calls.methods:
                key_node = pair.child_by_field_name("name")
            elif pair.type == "pair":
                key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
            else:
                continue  # spread, shorthand `{ target }`, methods: not literal
            if key_node is None or value_node is None:
                continue
            name_and_location = self._key(key_node)
            if name_and_location is None:
                continue
            name, key_location = name_and_location
            members.pop(name, None)
            member = self.value(value_node, key_location)
            if member is not None:
                members[name] = member
        return members

    def _env_branch(self, node: Node) -> Node | None:
        """The branch of `process.env.X === 'v' ? a : b` (also `==`, `!==`, `!=`, either side first) that
        the tool's fixed value of X picks; None for any other condition."""
        condition = node.child_by_field_name("condition")
        condition = unwrap(condition) if condition is not None else None
        if condition is None or condition.type != "binary_expression":
            return None
        operator = condition.child_by_field_name("operator")
        sides = (condition.child_by_field_name("left"), condition.child_by_field_name("right"))
        variable = next((self.raw(n) for n in sides if n is not None and n.type == "member_expression"), "")
        value = next((self.string(n) for n in sides if n is not None and n.type == "string"), None)
        name = variable.removeprefix("process.env.")
        if operator is None or self.raw(operator) not in _EQUALITY or name == variable or value is None:
            return None
        if name not in self.calls.env:
            return None
        equal = (self.calls.env[name] == value) == self.raw(operator).startswith("=")
        return node.child_by_field_name("consequence" if equal else "alternative")

    def _code(self, node: Node, key: Location | None) -> JNode:
        """A value only run time knows (`Number(process.env.PORT)`, `` `${host}` ``)."""
        return JNode(CODE, None, self.outer(node), key)

    def _key(self, node: Node) -> tuple[str, Location] | None:
        if node.type == "property_identifier":
            return self.raw(node), self.outer(node)
        if node.type == "string":
            value = self.string(node)
            return None if value is None else (value, self._inner(node))
        if node.type == "number":
            number = _number(self.raw(node))
            return None if number is None else (str(number), self.outer(node))
        return None  # [computed]: not literal

    def string(self, node: Node) -> str | None:
        """The value of a string or of a template without substitutions; None for `${}` templates."""
        parts: list[str] = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(self.raw(child))
            elif child.type == "escape_sequence":
                parts.append(_unescape(self.raw(child)))
            elif child.type == "template_substitution":
                return None
        # `\ud83d\ude00` arrives as two surrogates: pair them up as JavaScript's UTF-16 strings do.
        return "".join(parts).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")

    def raw(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def outer(self, node: Node) -> Location:
        return self.index.location(self.path, self.to_char(node.start_byte), self.to_char(node.end_byte))

    def _inner(self, node: Node) -> Location:
        start, end = self.to_char(node.start_byte), self.to_char(node.end_byte)
        return self.index.location(self.path, start + 1, max(start + 1, end - 1))


def unwrap(node: Node) -> Node:
    """`(x)` → `x`; TypeScript's `x as T`, `x satisfies T`, `x!`, `<T>x` → `x`."""
    while node.named_children and (node.type == "parenthesized_expression" or node.type in _TYPE_WRAPPERS):
        # `<T>x`: the value comes last; everywhere else first.
        node = node.named_children[-1] if node.type == "type_assertion" else node.named_children[0]
    return node
