"""Python source → its `uvicorn.run(app, host=..., port=...)` calls, read with tree-sitter-python (never
imported). `uvicorn.run` takes host and port as keywords only; a port written `int(os.getenv("PORT", 8000))`
gives its default and the variable it reads first."""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter_python
from tree_sitter import Language, Node, Parser

from ...core.facts import ParseResult, Token
from ...core.model import Location
from ...core.text import SourceText
from .facts import UvicornRun

_PYTHON = Language(tree_sitter_python.language())
_ENV_GETTERS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv"})


def parse_uvicorn_runs(path: str, text: str) -> ParseResult:
    if "uvicorn" not in text:
        return ParseResult()
    return ParseResult(facts=list(_Reader(path, text).runs()))


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = SourceText(text)
        self.source = self.text.source
        self.root = Parser(_PYTHON).parse(self.source).root_node
        self.run_names = {"uvicorn.run"}  # `import uvicorn as uv` adds `uv.run`; `from uvicorn import run`, `run`

    def runs(self) -> Iterator[UvicornRun]:
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
            if callee is not None and self.node_text(callee) in self.run_names:
                yield self._run(call, callee)

    def _imported(self, node: Node) -> None:
        module = node.child_by_field_name("module_name")
        from_uvicorn = module is not None and self.node_text(module) == "uvicorn"
        for name in node.children_by_field_name("name"):
            original, alias = name, name
            if name.type == "aliased_import":
                original = name.child_by_field_name("name") or name
                alias = name.child_by_field_name("alias") or name
            if from_uvicorn and self.node_text(original) == "run":
                self.run_names.add(self.node_text(alias))
            elif module is None and self.node_text(original) == "uvicorn":
                self.run_names.add(f"{self.node_text(alias)}.run")

    def _run(self, call: Node, callee: Node) -> UvicornRun:
        keywords: dict[str, Node] = {}
        arguments = call.child_by_field_name("arguments")
        for argument in arguments.named_children if arguments is not None else ():
            name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
            if argument.type == "keyword_argument" and name is not None and value is not None:
                keywords[self.node_text(name)] = value
        port_node, host_node = keywords.get("port"), keywords.get("host")
        port, variable = self._port(port_node) if port_node is not None else (None, None)
        host = self._string(host_node) if host_node is not None else None
        return UvicornRun(
            self.path,
            self.location(callee),
            port,
            host,
            port_variable=variable,
            port_is_literal=port_node is None or port is not None,
            host_is_literal=host_node is None or host is not None,
        )

    def _port(self, node: Node) -> tuple[Token | None, str | None]:
        """`8001`, `int("8001")`, `int(os.getenv("PORT", 8001))`: the port and the variable read first."""
        node = _unparenthesized(node)
        if node.type == "integer":
            return Token(self.node_text(node), self.location(node)), None
        if node.type != "call":
            return None, None
        function, arguments = self._call_parts(node)
        if function == "int" and len(arguments) == 1:
            inner = _unparenthesized(arguments[0])
            if inner.type == "string":
                return self._string(inner), None
            return self._port(inner)
        if function in _ENV_GETTERS and len(arguments) == 2:
            variable = self._string(arguments[0])
            default = _unparenthesized(arguments[1])
            port = self._string(default) if default.type == "string" else self._port(default)[0]
            return (port, variable.text) if variable is not None and port is not None else (None, None)
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
        parts = [child for child in node.named_children if child.type != "string_start" and child.type != "string_end"]
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
