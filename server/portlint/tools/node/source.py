"""A Node server's source → one `NodeListen` per `.listen(...)` whose port can be followed.

Read with tree-sitter (JavaScript, or TypeScript by extension), never run. The port argument is followed
through what servers really write: a literal (`3000`, `'3000'`), `process.env.PORT || 3000` (also `??`,
`process.env.PORT ? Number(process.env.PORT) : 3000`, `Number(...)`, `parseInt(..., 10)`, `+`,
express-generator's `normalizePort(...)`), a variable of the
file holding one of those, `{ port, host }`, and Express's `app.set('port', ...)` / `app.get('port')`.
Anything else (a config object's field, a function's result) is not followed: no claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

from ...core.facts import ParseResult, Token, parse_port
from ...core.model import Location
from ...core.text import SourceText
from ...readers.syntax_tree import walk
from .facts import NodeListen

_TYPESCRIPT = (".ts", ".mts", ".cts")
_DEFAULTING = ("||", "??")
_MAX_DEPTH = 4  # variable → variable → call → literal


@cache
def _parser(typescript: bool) -> Parser:
    grammar = tree_sitter_typescript.language_typescript() if typescript else tree_sitter_javascript.language()
    return Parser(Language(grammar))


@dataclass(frozen=True)
class _Port:
    literal: Token | None = None
    env: str | None = None

    @property
    def known(self) -> bool:
        return self.literal is not None or self.env is not None


def parse_node_source(path: str, text: str) -> ParseResult:
    """Never raises: a file tree-sitter cannot fully parse is read as far as it can be (quiet kind)."""
    return _Source(path, text).read()


class _Source:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.index = SourceText(text)
        self.source = self.index.source
        self.root = _parser(path.lower().endswith(_TYPESCRIPT)).parse(self.source).root_node
        self.declared: dict[str, Node] = {}
        self.top_level: set[str] = set()
        self.settings: dict[str, Node] = {}  # app.set('port', X)
        self.listens: list[Node] = []
        self.loads_dotenv = False

    def read(self) -> ParseResult:
        for node in walk(self.root):
            if node.type == "variable_declarator":
                self._declare(node)
            elif node.type == "call_expression":
                self._call(node)
            elif node.type == "import_statement" and "dotenv" in self._raw(node):
                self.loads_dotenv = True
        facts: list[object] = []
        for call in self.listens:
            fact = self._listen(call)
            if fact is not None:
                facts.append(fact)
        return ParseResult(facts=facts)

    def _declare(self, node: Node) -> None:
        """A variable's value; the file's top-level one wins over one of the same name inside a function
        (express-generator's `var port` both at the top and inside `normalizePort`)."""
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is None or value is None or name.type != "identifier":
            return
        statement = node.parent
        outer = statement.parent if statement is not None else None
        if outer is not None and outer.type == "export_statement":
            outer = outer.parent
        top_level = outer is not None and outer.type == "program"
        key = self._raw(name)
        if top_level or key not in self.top_level:
            self.declared[key] = value
        if top_level:
            self.top_level.add(key)

    def _call(self, node: Node) -> None:
        callee = node.child_by_field_name("function")
        if callee is None:
            return
        if callee.type == "identifier" and self._raw(callee) == "require":
            self.loads_dotenv = self.loads_dotenv or "dotenv" in self._raw(node)
        if callee.type != "member_expression":
            return
        member = callee.child_by_field_name("property")
        name = self._raw(member) if member is not None else ""
        if name == "listen":
            self.listens.append(node)
        elif name == "set":
            arguments = self._arguments(node)
            if len(arguments) == 2 and self._string(arguments[0]) is not None:
                self.settings[self._string(arguments[0]) or ""] = arguments[1]

    def _listen(self, call: Node) -> NodeListen | None:
        arguments = self._arguments(call)
        if not arguments:
            return None
        first = _unwrap(arguments[0])
        host: Token | None = None
        if first.type == "object":
            members = self._members(first)
            port = self._port(members["port"], 0) if "port" in members else _Port()
            host = self._literal_string(members.get("host"))
        else:
            port = self._port(first, 0)
            if len(arguments) > 1:
                host = self._literal_string(arguments[1])
        if not port.known:
            return None
        callee = call.child_by_field_name("function")
        member = callee.child_by_field_name("property") if callee is not None else None
        assert member is not None  # only member calls named `listen` get here
        return NodeListen(self.path, self._location(member), port.literal, port.env, host, self.loads_dotenv)

    def _port(self, node: Node, depth: int) -> _Port:
        """Where a port expression's value comes from: a literal, an environment variable, or both."""
        node = _unwrap(node)
        if depth > _MAX_DEPTH:
            return _Port()
        kind = node.type
        if kind == "number" or kind == "string":
            text = self._raw(node) if kind == "number" else self._string(node)
            if text is None or parse_port(text) is None:
                return _Port()
            location = self._location(node, inner=kind == "string")
            return _Port(literal=Token(text, location))
        if kind in ("member_expression", "subscript_expression"):
            return _Port(env=self._env_name(node))
        if kind == "identifier":
            value = self.declared.get(self._raw(node))
            return self._port(value, depth + 1) if value is not None else _Port()
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator is None or left is None or right is None or self._raw(operator) not in _DEFAULTING:
                return _Port()
            first, fallback = self._port(left, depth + 1), self._port(right, depth + 1)
            return _Port(literal=fallback.literal, env=first.env) if first.env else _Port()
        if kind == "ternary_expression":  # `process.env.PORT ? Number(process.env.PORT) : 3333` (Nx's apps)
            return self._ternary_port(node, depth)
        if kind == "unary_expression":  # `+process.env.PORT`
            argument = node.child_by_field_name("argument")
            return self._port(argument, depth + 1) if argument is not None else _Port()
        if kind == "call_expression":
            return self._call_port(node, depth)
        return _Port()

    def _ternary_port(self, node: Node, depth: int) -> _Port:
        """`process.env.X ? <X> : default`: the same as `process.env.X || default` (an empty X is falsy in both)."""
        parts = [node.child_by_field_name(name) for name in ("condition", "consequence", "alternative")]
        if any(part is None for part in parts):
            return _Port()
        test, value, fallback = (self._port(part, depth + 1) for part in parts if part is not None)
        if test.env is None or value.env != test.env or value.literal is not None:
            return _Port()
        return _Port(literal=fallback.literal, env=test.env)

    def _call_port(self, node: Node, depth: int) -> _Port:
        """`Number(x)`, `parseInt(x, 10)`, `normalizePort(x)`: the value of their first argument;
        `app.get('port')`: what `app.set('port', ...)` stored."""
        callee = node.child_by_field_name("function")
        arguments = self._arguments(node)
        member = callee.child_by_field_name("property") if callee is not None else None
        if member is not None and self._raw(member) == "get":
            return self._app_get(node, depth)
        return self._port(arguments[0], depth + 1) if arguments else _Port()

    def _app_get(self, node: Node, depth: int) -> _Port:
        if node.type != "call_expression":
            return _Port()
        callee = node.child_by_field_name("function")
        member = callee.child_by_field_name("property") if callee is not None else None
        arguments = self._arguments(node)
        if member is None or self._raw(member) != "get" or len(arguments) != 1:
            return _Port()
        stored = self.settings.get(self._string(arguments[0]) or "")
        return self._port(stored, depth + 1) if stored is not None else _Port()

    def _env_name(self, node: Node) -> str | None:
        """`process.env.PORT` / `process.env['PORT']` → "PORT"."""
        owner = node.child_by_field_name("object")
        if owner is None or self._raw(owner).replace(" ", "") != "process.env":
            return None
        if node.type == "member_expression":
            name = node.child_by_field_name("property")
            return self._raw(name) if name is not None else None
        index = node.child_by_field_name("index")
        return self._string(index) if index is not None else None

    # ---- small readers -------------------------------------------------------------------------------

    def _arguments(self, call: Node) -> list[Node]:
        arguments = call.child_by_field_name("arguments")
        if arguments is None:
            return []
        return [child for child in arguments.named_children if child.type != "comment"]

    def _members(self, node: Node) -> dict[str, Node]:
        members: dict[str, Node] = {}
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is not None and value is not None:
                    members[self._string(key) or self._raw(key)] = value
            elif child.type == "shorthand_property_identifier":  # `{ port }`
                name = self._raw(child)
                if name in self.declared:
                    members[name] = self.declared[name]
        return members

    def _literal_string(self, node: Node | None) -> Token | None:
        if node is None:
            return None
        node = _unwrap(node)
        if node.type == "identifier" and self._raw(node) in self.declared:
            node = _unwrap(self.declared[self._raw(node)])
        operator = node.child_by_field_name("operator") if node.type == "binary_expression" else None
        if operator is not None and self._raw(operator) in _DEFAULTING:  # `process.env.HOST ?? 'localhost'`
            right = node.child_by_field_name("right")
            node = _unwrap(right) if right is not None else node
        text = self._string(node) if node.type == "string" else None
        return Token(text, self._location(node, inner=True)) if text is not None else None

    def _string(self, node: Node) -> str | None:
        """A plain string literal's value (no escapes followed); None for anything else."""
        if node.type != "string":
            return None
        parts = [child for child in node.named_children if child.type != "string_fragment"]
        if parts:
            return None
        return self._raw(node)[1:-1]

    def _raw(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def _location(self, node: Node, *, inner: bool = False) -> Location:
        start, end = self.index.char_of_byte(node.start_byte), self.index.char_of_byte(node.end_byte)
        if inner:
            start, end = start + 1, max(start + 1, end - 1)
        return self.index.location(self.path, start, end)


def _unwrap(node: Node) -> Node:
    """`(x)`, `x as T`, `x!` → `x`."""
    while node.named_children and node.type in (
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
    ):
        node = node.named_children[0]
    return node
