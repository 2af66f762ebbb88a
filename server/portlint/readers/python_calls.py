"""Calls of one library function in Python source (`uvicorn.run(...)`, `waitress.serve(...)`), read with
tree-sitter-python (never imported), with the literal values of their keyword arguments. A value written
`int(os.getenv("PORT", 8000))` gives its fallback and the variable it reads first."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct, field
from tree_sitter import Node

from ..core.facts import Token
from ..core.model import Location
from ..core.text import SourceText
from .python_parse import parse_python

_ENV_GETTERS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv"})


class Argument(Struct, frozen=True):
    """A keyword argument: its literal value (or the fallback of an environment read), the variable read
    first, and whether it could be read at all."""

    value: Token | None
    variable: str | None = None
    readable: bool = True
    written: str = ""  # the expression as written (`True`, `settings.port`)


class Call(Struct, frozen=True):
    location: Location  # the callee (`uvicorn.run`)
    keywords: dict[str, Argument] = field(default_factory=dict)


def find_calls(path: str, text: str, module: str, function: str) -> list[Call]:
    """Every call of `module.function`: as `module.function`, through `import module as m`, or
    `from module import function [as f]`."""
    return list(_Reader(path, text, module, function).calls())


class _Reader:
    def __init__(self, path: str, text: str, module: str, function: str) -> None:
        self.path = path
        self.text = SourceText(text)
        self.source = self.text.source
        self.root = parse_python(text, self.source).root_node  # the tree another reader may have made
        self.module, self.function = module, function
        self.names = {f"{module}.{function}"}

    def calls(self) -> Iterator[Call]:
        calls: list[Node] = []
        stack = [self.root]
        while stack:  # pre-order without recursion: deeply nested garbage must not overflow the stack
            node = stack.pop()
            if node.type in ("import_statement", "import_from_statement"):
                self._imported(node)
            elif node.type == "call":
                calls.append(node)
            stack.extend(reversed(node.children))
        for call in calls:
            callee = call.child_by_field_name("function")
            if callee is not None and self.node_text(callee) in self.names:
                yield Call(self.location(callee), self._keywords(call))

    def _imported(self, node: Node) -> None:
        module = node.child_by_field_name("module_name")
        from_module = module is not None and self.node_text(module) == self.module
        for name in node.children_by_field_name("name"):
            original, alias = name, name
            if name.type == "aliased_import":
                original = name.child_by_field_name("name") or name
                alias = name.child_by_field_name("alias") or name
            if from_module and self.node_text(original) == self.function:
                self.names.add(self.node_text(alias))
            elif module is None and self.node_text(original) == self.module:
                self.names.add(f"{self.node_text(alias)}.{self.function}")

    def _keywords(self, call: Node) -> dict[str, Argument]:
        found: dict[str, Argument] = {}
        arguments = call.child_by_field_name("arguments")
        for argument in arguments.named_children if arguments is not None else ():
            name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
            if argument.type == "keyword_argument" and name is not None and value is not None:
                token, variable = self._value(value)
                found[self.node_text(name)] = Argument(token, variable, token is not None, self.node_text(value))
        return found

    def _value(self, node: Node) -> tuple[Token | None, str | None]:
        """`8001`, `"0.0.0.0"`, `int("8001")`, `int(os.getenv("PORT", 8001))`: the value and the variable
        read first."""
        node = _unparenthesized(node)
        if node.type == "integer":
            return Token(self.node_text(node), self.location(node)), None
        if node.type == "string":
            return self._string(node), None
        if node.type != "call":
            return None, None
        function, arguments = self._call_parts(node)
        if function in ("int", "str") and len(arguments) == 1:
            return self._value(arguments[0])
        if function in _ENV_GETTERS and len(arguments) == 2:
            variable = self._string(arguments[0])
            fallback = self._value(arguments[1])[0]
            return (fallback, variable.text) if variable is not None and fallback is not None else (None, None)
        return None, None

    def _call_parts(self, call: Node) -> tuple[str, list[Node]]:
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        positional = [a for a in (arguments.named_children if arguments else ()) if a.type != "comment"]
        return (self.node_text(function) if function is not None else ""), positional

    def _string(self, node: Node) -> Token | None:
        """A plain string literal's content (no f-string, no concatenation)."""
        node = _unparenthesized(node)
        if node.type != "string":
            return None
        parts = [child for child in node.named_children if child.type not in ("string_start", "string_end")]
        if any(part.type != "string_content" for part in parts) or len(parts) > 1:
            return None
        if not parts:
            start, end = node.named_children[0].end_byte, node.named_children[-1].start_byte
            return Token("", Location(self.path, self.text.byte_range(start, end)))
        return Token(self.node_text(parts[0]), self.location(parts[0]))

    def node_text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node) -> Location:
        return Location(self.path, self.text.point_range(node.start_point, node.end_point))


def _unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        child = node.named_children[0]
        if child is None:
            break
        node = child
    return node
