"""A Node server's source → one `NodeListen` per `.listen(...)` whose port can be followed.

Read with tree-sitter (JavaScript, or TypeScript by extension), never run. The port argument is followed
through what servers really write: a literal (`3000`, `'3000'`), `process.env.PORT || 3000` (also `??`,
`process.env.PORT ? Number(process.env.PORT) : 3000`, `Number(...)`, `parseInt(..., 10)`, `+`,
express-generator's `normalizePort(...)`), a variable of the
file holding one of those, `{ port, host }`, and Express's `app.set('port', ...)` / `app.get('port')`.
Anything else (a config object's field, a function's result) is not followed: no claim.
An Express app that handles CORS also gives one `ExpressFile` (express_reader.py).
"""

from __future__ import annotations

from msgspec import Struct
from tree_sitter import Node

from ...core.facts import ParseResult, Token, parse_port
from ...readers.js_text import JsText, unwrap
from ...readers.syntax_tree import walk
from .express_reader import read_express
from .facts import NodeListen

_DEFAULTING = ("||", "??")
_MAX_DEPTH = 4  # variable → variable → call → literal


class _Port(Struct, frozen=True):
    literal: Token | None = None
    env: str | None = None

    @property
    def known(self) -> bool:
        return self.literal is not None or self.env is not None


def parse_node_source(path: str, text: str) -> ParseResult:
    """Never raises: a file tree-sitter cannot fully parse is read as far as it can be (quiet kind)."""
    return _Source(path, text).read()


class _Source(JsText):
    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
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
            elif node.type == "import_statement" and "dotenv" in self.raw(node):
                self.loads_dotenv = True
        facts: list[object] = []
        for call in self.listens:
            fact = self._listen(call)
            if fact is not None:
                facts.append(fact)
        express = read_express(self)
        if express is not None and express.handles_cors:
            facts.append(express)
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
        key = self.raw(name)
        if top_level or key not in self.top_level:
            self.declared[key] = value
        if top_level:
            self.top_level.add(key)

    def _call(self, node: Node) -> None:
        callee = node.child_by_field_name("function")
        if callee is None:
            return
        if callee.type == "identifier" and self.raw(callee) == "require":
            self.loads_dotenv = self.loads_dotenv or "dotenv" in self.raw(node)
        if callee.type != "member_expression":
            return
        member = callee.child_by_field_name("property")
        name = self.raw(member) if member is not None else ""
        if name == "listen":
            self.listens.append(node)
        elif name == "set":
            arguments = self.arguments(node)
            if len(arguments) == 2 and self.string(arguments[0]) is not None:
                self.settings[self.string(arguments[0]) or ""] = arguments[1]

    def _listen(self, call: Node) -> NodeListen | None:
        arguments = self.arguments(call)
        if not arguments:
            return None
        first = unwrap(arguments[0])
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
        return NodeListen(self.path, self.location(member), port.literal, port.env, host, self.loads_dotenv)

    def _port(self, node: Node, depth: int) -> _Port:
        """Where a port expression's value comes from: a literal, an environment variable, or both."""
        node = unwrap(node)
        if depth > _MAX_DEPTH:
            return _Port()
        kind = node.type
        if kind == "number" or kind == "string":
            text = self.raw(node) if kind == "number" else self.string(node)
            if text is None or parse_port(text) is None:
                return _Port()
            location = self.location(node, inner=kind == "string")
            return _Port(literal=Token(text, location))
        if kind in ("member_expression", "subscript_expression"):
            return _Port(env=self._env_name(node))
        if kind == "identifier":
            value = self.declared.get(self.raw(node))
            return self._port(value, depth + 1) if value is not None else _Port()
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator is None or left is None or right is None or self.raw(operator) not in _DEFAULTING:
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
        arguments = self.arguments(node)
        member = callee.child_by_field_name("property") if callee is not None else None
        if member is not None and self.raw(member) == "get":
            return self._app_get(node, depth)
        return self._port(arguments[0], depth + 1) if arguments else _Port()

    def _app_get(self, node: Node, depth: int) -> _Port:
        if node.type != "call_expression":
            return _Port()
        callee = node.child_by_field_name("function")
        member = callee.child_by_field_name("property") if callee is not None else None
        arguments = self.arguments(node)
        if member is None or self.raw(member) != "get" or len(arguments) != 1:
            return _Port()
        stored = self.settings.get(self.string(arguments[0]) or "")
        return self._port(stored, depth + 1) if stored is not None else _Port()

    def _env_name(self, node: Node) -> str | None:
        """`process.env.PORT` / `process.env['PORT']` → "PORT"."""
        owner = node.child_by_field_name("object")
        if owner is None or self.raw(owner).replace(" ", "") != "process.env":
            return None
        if node.type == "member_expression":
            name = node.child_by_field_name("property")
            return self.raw(name) if name is not None else None
        index = node.child_by_field_name("index")
        return self.string(index) if index is not None else None

    def _members(self, node: Node) -> dict[str, Node]:
        members: dict[str, Node] = {}
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is not None and value is not None:
                    members[self.string(key) or self.raw(key)] = value
            elif child.type == "shorthand_property_identifier":  # `{ port }`
                name = self.raw(child)
                if name in self.declared:
                    members[name] = self.declared[name]
        return members

    def _literal_string(self, node: Node | None) -> Token | None:
        if node is None:
            return None
        node = unwrap(node)
        if node.type == "identifier" and self.raw(node) in self.declared:
            node = unwrap(self.declared[self.raw(node)])
        operator = node.child_by_field_name("operator") if node.type == "binary_expression" else None
        if operator is not None and self.raw(operator) in _DEFAULTING:  # `process.env.HOST ?? 'localhost'`
            right = node.child_by_field_name("right")
            node = unwrap(right) if right is not None else node
        text = self.string(node) if node.type == "string" else None
        return Token(text, self.location(node, inner=True)) if text is not None else None
