"""An Express server's source → one `ExpressFile`: the layers its apps and routers register (`use`, `get`,
`post`, ..., `all`, `route(path).METHOD`), in order, with their handlers read (express_functions.py) and the
`cors` package's options when they are literals. Parse only: nothing of the project is run."""

from __future__ import annotations

import re

from tree_sitter import Node

from ...readers.js_text import JsText, unwrap
from ...readers.syntax_tree import walk
from .express_facts import DEFAULT_METHODS, UNKNOWN_PATH, CorsOptions, ExpressFile, Handler, Layer, OriginTest
from .express_functions import read_function

ROUTE_METHODS = ("get", "post", "put", "patch", "delete", "options", "head", "all")
_CHAINABLE = ("use", "set", "enable", "disable", "engine", *ROUTE_METHODS)
_FUNCTIONS = ("arrow_function", "function_expression", "function", "function_declaration")
# Middleware that never answers a preflight nor writes an Access-Control-* header.
_PASSING = re.compile(
    r"^(express\.(json|urlencoded|text|raw|static)|bodyParser\.\w+|(body_?parser|json|urlencoded|morgan|helmet|"
    r"compression|cookieParser|cookie_parser|session|logger|responseTime|methodOverride)|passport\.(initialize|session)"
    r")$"
)
_CONDITIONAL = ("if_statement", "ternary_expression", "for_statement", "for_in_statement", "while_statement",
                "switch_statement", "catch_clause", "conditional_expression")  # fmt: skip
_CORS_HINT = re.compile(r"cors|cross|origin|header|access|allow", re.IGNORECASE)
_WRITES_CORS = re.compile(r"access-control-|cors", re.IGNORECASE)
_MAX_DEPTH = 3


def read_express(text: JsText) -> ExpressFile | None:
    """None when the file creates no Express app or router."""
    return _Reader(text).read()


class _Reader:
    def __init__(self, text: JsText) -> None:
        self.text = text
        self.declared: dict[str, Node] = {}
        self.apps: list[str] = []
        self.routers: list[str] = []
        self.cors_names: set[str] = set()
        self.calls: list[Node] = []

    def read(self) -> ExpressFile | None:
        for node in walk(self.text.root):
            if node.type == "variable_declarator":
                self._declare(node)
            elif node.type == "function_declaration":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.declared.setdefault(self.text.raw(name), node)
            elif node.type == "import_statement" and self._imports(node) in ("'cors'", '"cors"'):
                clause = next((c for c in node.named_children if c.type == "import_clause"), None)
                if clause is not None and clause.named_children:
                    self.cors_names.add(self.text.raw(clause.named_children[0]).removeprefix("* as "))
            elif node.type == "call_expression":
                self.calls.append(node)
        if not self.apps and not self.routers:
            return None
        layers = [layer for call in self.calls for layer in self._layer(call)]
        layers.sort(key=lambda layer: (layer.location.range.start.line, layer.location.range.start.character))
        lowered = self.text.raw(self.text.root).lower()
        handles = bool(self.cors_names) or "access-control-allow-" in lowered
        return ExpressFile(self.text.path, tuple(self.apps), tuple(self.routers), tuple(layers), handles)

    def _imports(self, node: Node) -> str:
        source = node.child_by_field_name("source")
        return self.text.raw(source) if source is not None else ""

    def _declare(self, node: Node) -> None:
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is None or value is None or name.type != "identifier":
            return
        key, value = self.text.raw(name), unwrap(value)
        self.declared.setdefault(key, value)
        spelled = self.text.raw(value).replace(" ", "")
        if spelled in ("express()", "require('express')()", 'require("express")()'):
            self.apps.append(key)
        elif re.fullmatch(r"(express\.)?Router\(.*\)|new(express\.)?Router\(.*\)", spelled, re.S):
            self.routers.append(key)
        elif spelled in ("require('cors')", 'require("cors")'):
            self.cors_names.add(key)

    # ---- layers ----------------------------------------------------------------------------------------

    def _layer(self, call: Node) -> list[Layer]:
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            return []
        prop = callee.child_by_field_name("property")
        method = self.text.raw(prop) if prop is not None else ""
        if prop is None or method not in ("use", *ROUTE_METHODS):
            return []
        owner, route_path = self._owner(callee.child_by_field_name("object"))
        if owner is None:
            return []
        arguments = [unwrap(argument) for argument in self.text.arguments(call)]
        if route_path is not None:
            path: str | None = route_path
        elif method == "use":
            path = self._path(arguments[0]) if arguments and self._is_path(arguments[0]) else None
            arguments = arguments[1:] if path is not None else arguments
        else:
            if len(arguments) < 2:  # app.get('port')
                return []
            path, arguments = self._path(arguments[0]), arguments[1:]
        route = method != "use"
        methods = () if method in ("use", "all") else (method.upper(),)
        handlers = tuple(self._handler(argument, 0) for argument in arguments)
        where = self.text.location(prop)
        return [Layer(owner, route, path, methods, handlers, where, self._conditional(call))]

    def _owner(self, node: Node | None) -> tuple[str | None, str | None]:
        """The app or router a call registers on (through `app.disable(...).use(...)` chains), and the path of
        an `app.route(path)` in the chain."""
        route_path: str | None = None
        while node is not None:
            node = unwrap(node)
            if node.type == "identifier":
                name = self.text.raw(node)
                return (name if name in self.apps or name in self.routers else None), route_path
            if node.type != "call_expression":
                return None, None
            callee = node.child_by_field_name("function")
            prop = callee.child_by_field_name("property") if callee is not None else None
            if callee is None or prop is None or callee.type != "member_expression":
                return None, None
            if self.text.raw(prop) == "route":
                arguments = self.text.arguments(node)
                route_path = self._path(unwrap(arguments[0])) if arguments else UNKNOWN_PATH
            elif self.text.raw(prop) not in _CHAINABLE:
                return None, None
            node = callee.child_by_field_name("object")
        return None, None

    def _is_path(self, node: Node) -> bool:
        if node.type in ("string", "template_string", "array", "regex"):
            return True
        value = self.declared.get(self.text.raw(node)) if node.type == "identifier" else None
        return value is not None and value.type in ("string", "template_string")

    def _path(self, node: Node) -> str:
        if node.type == "identifier" and self.text.raw(node) in self.declared:
            node = unwrap(self.declared[self.text.raw(node)])
        value = self.text.string(node)
        return value if value is not None else UNKNOWN_PATH

    def _conditional(self, node: Node) -> bool:
        parent = node.parent
        while parent is not None and parent.type not in _FUNCTIONS and parent.type != "program":
            if parent.type in _CONDITIONAL:
                return True
            parent = parent.parent
        return False

    # ---- handlers --------------------------------------------------------------------------------------

    def _handler(self, node: Node, depth: int) -> Handler:
        what, where = self._what(node), self.text.location(node)
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            spelled = self.text.raw(callee).replace(" ", "") if callee is not None else ""
            if spelled in self.cors_names:
                return Handler("cors", where, what, options=self._cors_options(node))
            if _PASSING.match(spelled):
                return Handler("pass", where, what)
        elif node.type == "identifier":
            name = self.text.raw(node)
            if name in self.routers:
                return Handler("router", where, what, router=name)
            value = self.declared.get(name)
            if value is not None and depth < _MAX_DEPTH:
                found = self._handler(unwrap(value), depth + 1)
                return Handler(found.kind, where, what, found.options, found.writes, found.options_writes,
                               found.options_status, found.ends, found.router, found.hints_cors)  # fmt: skip
        elif node.type in _FUNCTIONS:
            read = read_function(self.text, node)
            if read is not None:
                return Handler("function", where, what, None, tuple(read.writes), tuple(read.options_writes),
                               read.options_status, None if read.passes else read.ends)  # fmt: skip
        # A function not read may still write a CORS header in a branch: it then decides the answer.
        hints = bool(_CORS_HINT.search(what)) or (node.type in _FUNCTIONS and _WRITES_CORS.search(self.text.raw(node)))
        return Handler("unknown", where, what, hints_cors=bool(hints))

    def _what(self, node: Node) -> str:
        """A handler in a few words: `allowCors`, `cors({...})`, `the function at line 12`."""
        if node.type in _FUNCTIONS:
            name = node.child_by_field_name("name")
            line = self.text.location(node).range.start.line + 1
            return self.text.raw(name) if name is not None else f"the function at line {line}"
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            spelled = self.text.raw(callee) if callee is not None else "?"
            return f"{spelled}({'...' if self.text.arguments(node) else ''})"
        spelled = " ".join(self.text.raw(node).split())
        return spelled if len(spelled) <= 30 else spelled[:27] + "..."

    # ---- cors options ----------------------------------------------------------------------------------

    def _cors_options(self, call: Node) -> CorsOptions | None:
        """The call's options when every one that decides a header is a literal; None otherwise."""
        arguments = self.text.arguments(call)
        if not arguments:
            return CorsOptions()
        node = self._value(arguments[0])
        if len(arguments) > 1 or node is None or node.type != "object":
            return None
        options: dict[str, object] = {}
        for member in node.named_children:
            if member.type == "comment":
                continue
            key = member.child_by_field_name("key") if member.type == "pair" else member
            value = member.child_by_field_name("value") if member.type == "pair" else member
            if member.type not in ("pair", "shorthand_property_identifier") or key is None or value is None:
                return None
            name = self.text.string(key) or self.text.raw(key)
            read = self._option(name, self._value(value))
            if read is None:
                return None
            options.update(read)
        return _options(options)

    def _value(self, node: Node, depth: int = 0) -> Node | None:
        node = unwrap(node)
        if node.type in ("identifier", "shorthand_property_identifier") and depth < _MAX_DEPTH:
            value = self.declared.get(self.text.raw(node))
            return self._value(value, depth + 1) if value is not None else None
        return node

    def _option(self, name: str, node: Node | None) -> dict[str, object] | None:
        """{option: value} for one member; {} for an option that decides no header checked; None: unknowable."""
        if name in ("exposedHeaders", "maxAge"):
            return {}
        if node is None:
            return None
        if name == "origin":
            return self._origin(node)
        if name in ("methods", "allowedHeaders", "headers"):
            joined = self._joined(node)
            return None if joined is None else {name: joined}
        if name in ("credentials", "preflightContinue") and node.type in ("true", "false"):
            return {name: node.type == "true"}
        if name == "optionsSuccessStatus" and node.type == "number" and self.text.raw(node).isdigit():
            return {name: int(self.text.raw(node))}
        return None

    def _origin(self, node: Node) -> dict[str, object] | None:
        if node.type in ("true", "false"):
            return {"origin": "reflect" if node.type == "true" else "off"}
        value = self.text.string(node)
        if value is not None:
            kind = "any" if value == "*" else "fixed" if value else "off"
            return {"origin": kind, "fixed": value}
        items = node.named_children if node.type == "array" else [node]
        tests = [self._origin_test(self._value(item)) for item in items if item.type != "comment"]
        if any(test is None for test in tests):
            return None
        return {"origin": "match", "tests": tuple(test for test in tests if test is not None)}

    def _origin_test(self, node: Node | None) -> OriginTest | None:
        if node is None:
            return None
        if node.type == "regex":
            pattern, flags = node.child_by_field_name("pattern"), node.child_by_field_name("flags")
            flag_text = self.text.raw(flags) if flags is not None else ""
            return OriginTest(self.text.raw(pattern), True, flag_text) if pattern is not None else None
        value = self.text.string(node)
        return OriginTest(value) if value is not None else None

    def _joined(self, node: Node) -> str | None:
        if node.type == "string":
            return self.text.string(node)
        if node.type != "array":
            return None
        items = [self.text.string(unwrap(item)) for item in node.named_children if item.type != "comment"]
        return None if any(item is None for item in items) else ",".join(item or "" for item in items)


def _options(read: dict[str, object]) -> CorsOptions:
    """The options read, over the cors package's defaults."""
    tests, status = read.get("tests", ()), read.get("optionsSuccessStatus", 204)
    allowed = read.get("allowedHeaders") or read.get("headers")
    return CorsOptions(
        origin=str(read.get("origin", "any")),
        fixed=str(read.get("fixed", "")),
        tests=tests if isinstance(tests, tuple) else (),
        methods=str(read.get("methods", DEFAULT_METHODS)),
        allowed_headers=str(allowed) if allowed else None,
        credentials=bool(read.get("credentials", False)),
        preflight_continue=bool(read.get("preflightContinue", False)),
        success_status=status if isinstance(status, int) else 204,
    )
