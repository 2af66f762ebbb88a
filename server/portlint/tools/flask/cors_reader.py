"""Python source → the CORS wiring of its Flask apps: `CORS(...)` calls and their options, `@cross_origin`,
after_request functions and views with the headers they set, blueprints and their registration order.

Read with tree-sitter-python, never imported. Only literal values count as known: an option or header
value held in a variable is recorded as unknown, so the analysis can stay silent instead of guessing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tree_sitter import Node

from ...core.model import Location, Position, Range
from ...readers.syntax_tree import walk
from .cors_facts import (
    AfterRequestHook,
    BlueprintRegistration,
    CorsModule,
    CorsOption,
    CorsSetup,
    FlaskRoute,
    FlaskTarget,
    HeaderWrite,
)
from .python_index import ImportedName, PythonIndex

_ROUTE_METHODS = {"route": None, "get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE", "patch": "PATCH"}
_CONDITIONAL = frozenset(
    {"if_statement", "for_statement", "while_statement", "try_statement", "conditional_expression", "match_statement"}
)
_LITERAL_NODES = frozenset(
    {"string", "concatenated_string", "integer", "float", "true", "false", "none", "list", "tuple", "dictionary"}
)
_CONFIG_LOADERS = frozenset({"from_object", "from_pyfile", "from_envvar", "from_prefixed_env", "from_file"})
_ECHO_EXPRESSIONS = frozenset(
    {
        "request.origin",
        'request.headers.get("origin")',
        'request.headers["origin"]',
        'request.environ.get("http_origin")',
    }
)


def may_wire_cors(text: str) -> bool:
    """Cheap test before parsing: neither `flask` nor `Flask`, no app, blueprint or flask-cors."""
    return "lask" in text


def parse_flask_cors(path: str, text: str) -> CorsModule | None:
    """The CORS wiring of one Python file, or None when it has none worth knowing."""
    return read_flask_cors(PythonIndex(path, text)) if may_wire_cors(text) else None


def read_flask_cors(index: PythonIndex) -> CorsModule | None:
    """The CORS wiring of an already parsed Python file, or None when it has none worth knowing."""
    module = _Reader(index).read()
    if not (module.targets or module.setups or module.hooks or module.routes or module.registrations):
        return None
    return module


class _Reader:
    def __init__(self, index: PythonIndex) -> None:
        self.file = index
        self.path = index.path
        self.source = index.source
        self.index = index.text
        self.cors_names = {"CORS"}
        self.cross_origin_names = {"cross_origin"}
        self.imports: dict[str, str] = {}  # local name → module it comes from
        self.locals: set[tuple[str, str]] = set()  # (factory, variable) of targets local to a function
        self.extensions: dict[str, tuple[tuple[CorsOption, ...], bool]] = {}  # `cors = CORS(...)` without app
        self.functions = index.functions
        self.conditionals: dict[int, bool] = {}  # node id → inside a conditional of its function

    def read(self) -> CorsModule:
        nodes = self.file.nodes
        for imported in self.file.imports:
            if imported.module is not None and not imported.broken:  # `from X import ...`
                self._import(imported)
        targets = [t for node in nodes if node.type == "assignment" for t in [self._target(node)] if t is not None]
        setups: list[CorsSetup] = []
        hooks: list[AfterRequestHook] = []
        routes: list[FlaskRoute] = []
        registrations: list[BlueprintRegistration] = []
        config_unknown = False
        for node in nodes:
            if node.type == "call":
                setup = self._setup(node)
                if setup is not None:
                    setups.append(setup)
                hook = self._hook_call(node)
                if hook is not None:
                    hooks.append(hook)
                registration = self._registration(node)
                if registration is not None:
                    registrations.append(registration)
                config_unknown = config_unknown or self._loads_config(node)
            elif node.type == "decorated_definition":
                hooks.extend(self._hook_decorators(node))
                route = self._route(node)
                if route is not None:
                    routes.append(route)
            elif node.type == "string_content" and self.text(node).startswith("CORS_"):
                config_unknown = True
        return CorsModule(
            self.path, tuple(targets), tuple(setups), tuple(hooks), tuple(routes), tuple(registrations), config_unknown
        )

    # ---- names and targets ----------------------------------------------------------------------------

    def _import(self, imported: ImportedName) -> None:
        self.imports[imported.alias] = imported.module or ""
        if imported.module == "flask_cors" and imported.name == "CORS":
            self.cors_names.add(imported.alias)
        elif imported.module == "flask_cors" and imported.name == "cross_origin":
            self.cross_origin_names.add(imported.alias)

    def _target(self, assignment: Node) -> FlaskTarget | None:
        """`app = Flask(...)` / `bp = Blueprint(...)` (also inside a factory function)."""
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or right.type != "call":
            return None
        callee = self._callee_name(right)
        if callee == "CORS" or callee in self.cors_names:
            if not self._positional(right):
                self.extensions[self.text(left)] = self._options(right)
            return None
        if callee not in ("Flask", "Blueprint"):
            return None
        factory = self.file.factory_of(assignment)
        name = self.text(left)
        if factory is not None:
            self.locals.add((factory, name))
        prefix = self._keyword_text(right, "url_prefix")
        kind = "app" if callee == "Flask" else "blueprint"
        return FlaskTarget(self.path, self.key(name, assignment), kind, self.location(right), prefix)

    def key(self, name: str, at: Node) -> str:
        factory = self.file.factory_of(at)
        return f"{factory}:{name}" if factory is not None and (factory, name) in self.locals else name

    def _callee_name(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "identifier":
            return self.text(function)
        if function.type == "attribute":
            attribute = function.child_by_field_name("attribute")
            return self.text(attribute) if attribute is not None else None
        return None

    # ---- CORS(...) and init_app -------------------------------------------------------------------------

    def _setup(self, call: Node) -> CorsSetup | None:
        function = call.child_by_field_name("function")
        if function is None:
            return None
        positional = self._positional(call)
        if function.type == "identifier" and self.text(function) in self.cors_names and positional:
            options, unknown = self._options(call)
            if positional[0].type != "identifier":
                return None
            return CorsSetup(
                self.path,
                self.location(call),
                self.key(self.text(positional[0]), call),
                options,
                unknown,
                call.start_byte,
            )
        if function.type == "attribute" and self._callee_name(call) == "init_app" and positional:
            obj = function.child_by_field_name("object")
            if obj is None or self.text(obj) not in self.extensions or positional[0].type != "identifier":
                return None
            base, base_unknown = self.extensions[self.text(obj)]
            extra, unknown = self._options(call)
            merged = {o.name: o for o in base} | {o.name: o for o in extra}  # init_app's kwargs win
            return CorsSetup(
                self.path,
                self.location(call),
                self.key(self.text(positional[0]), call),
                tuple(merged.values()),
                base_unknown or unknown,
                call.start_byte,
            )
        return None

    def _options(self, call: Node) -> tuple[tuple[CorsOption, ...], bool]:
        options: list[CorsOption] = []
        unknown = False
        for argument in _arguments(call):
            if argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is None or value is None:
                    continue
                known, literal = self.literal(value)
                options.append(CorsOption(self.text(name), literal, known, self.location(value)))
            elif argument.type in ("dictionary_splat", "list_splat"):
                unknown = True
        return tuple(options), unknown

    def _positional(self, call: Node) -> list[Node]:
        return [a for a in _arguments(call) if a.type not in ("keyword_argument", "dictionary_splat", "list_splat")]

    def _keyword_text(self, call: Node, keyword: str) -> str | None:
        for argument in _arguments(call):
            if argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is not None and value is not None and self.text(name) == keyword:
                    known, literal = self.literal(value)
                    return literal if known and isinstance(literal, str) else None
        return None

    def _loads_config(self, call: Node) -> bool:
        """`app.config.from_object(...)` and friends may hold CORS_* defaults."""
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute" or self._callee_name(call) not in _CONFIG_LOADERS:
            return False
        obj = function.child_by_field_name("object")
        return obj is not None and self.text(obj).endswith("config")

    # ---- after_request ------------------------------------------------------------------------------------

    def _hook_decorators(self, decorated: Node) -> Iterator[AfterRequestHook]:
        definition = decorated.child_by_field_name("definition")
        if definition is None or definition.type != "function_definition":
            return
        for decorator in _decorators(decorated):
            if decorator.type != "attribute":
                continue
            obj, attribute = decorator.child_by_field_name("object"), decorator.child_by_field_name("attribute")
            if obj is None or attribute is None or obj.type != "identifier":
                continue
            kind = self.text(attribute)
            if kind in ("after_request", "after_app_request"):
                yield self._hook(self.text(obj), kind == "after_app_request", definition, decorator)

    def _hook_call(self, call: Node) -> AfterRequestHook | None:
        """`app.after_request(add_headers)` with a function of this module."""
        function = call.child_by_field_name("function")
        kind = self._callee_name(call)
        if function is None or function.type != "attribute" or kind not in ("after_request", "after_app_request"):
            return None
        obj = function.child_by_field_name("object")
        positional = self._positional(call)
        if obj is None or obj.type != "identifier" or len(positional) != 1 or positional[0].type != "identifier":
            return None
        definition = self.functions.get(self.text(positional[0]))
        if definition is None:
            return None
        return self._hook(self.text(obj), kind == "after_app_request", definition, call)

    def _hook(self, target: str, app_wide: bool, definition: Node, at: Node) -> AfterRequestHook:
        writes, opaque = self._writes(definition)
        name = definition.child_by_field_name("name")
        return AfterRequestHook(
            self.path,
            self.key(target, at),
            app_wide,
            self.text(name) if name is not None else "?",
            self.location(at),
            writes,
            opaque,
            at.start_byte,
        )

    # ---- views ---------------------------------------------------------------------------------------------

    def _route(self, decorated: Node) -> FlaskRoute | None:
        definition = decorated.child_by_field_name("definition")
        if definition is None or definition.type != "function_definition":
            return None
        route: tuple[str, str, tuple[str, ...] | None, Location] | None = None
        cross: tuple[tuple[CorsOption, ...], bool, Location] | None = None
        for decorator in _decorators(decorated):  # top to bottom; the route registers what is below it
            if decorator.type != "call":
                continue
            function = decorator.child_by_field_name("function")
            if function is None:
                continue
            if function.type == "identifier" and self.text(function) in self.cross_origin_names:
                if route is not None:  # below the route decorator: it wraps the registered view
                    options, unknown = self._options(decorator)
                    cross = (options, unknown, self.location(decorator))
                continue
            found = self._route_decorator(decorator)
            if found is not None and route is None:
                route = found
        if route is None:
            return None
        target, rule, methods, location = route
        writes, opaque = self._writes(definition)
        name = definition.child_by_field_name("name")
        return FlaskRoute(
            self.path,
            self.key(target, decorated),
            rule,
            methods,
            location,
            self.text(name) if name is not None else "?",
            writes,
            opaque,
            cross[0] if cross is not None else None,
            cross[2] if cross is not None else None,
            cross[1] if cross is not None else False,
        )

    def _route_decorator(self, call: Node) -> tuple[str, str, tuple[str, ...] | None, Location] | None:
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute":
            return None
        obj = function.child_by_field_name("object")
        kind = self._callee_name(call)
        positional = self._positional(call)
        if obj is None or obj.type != "identifier" or kind not in _ROUTE_METHODS or not positional:
            return None
        known, rule = self.literal(positional[0])
        if not known or not isinstance(rule, str):
            return None
        methods: tuple[str, ...] | None = ("GET",)
        fixed = _ROUTE_METHODS[kind]
        if fixed is not None:
            methods = (fixed,)
        for argument in _arguments(call):
            if argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is not None and value is not None and self.text(name) == "methods":
                    known, listed = self.literal(value)
                    ok = known and isinstance(listed, (list, tuple)) and all(isinstance(m, str) for m in listed)
                    methods = (
                        tuple(str(m).upper() for m in listed) if ok and isinstance(listed, (list, tuple)) else None
                    )
            elif argument.type == "dictionary_splat":
                methods = None
        return self.text(obj), rule, methods, self.location(positional[0])

    # ---- header writes -------------------------------------------------------------------------------------

    def _writes(self, definition: Node) -> tuple[tuple[HeaderWrite, ...], bool]:
        """Access-Control-* headers a function body sets on a response, in source order."""
        body = definition.child_by_field_name("body")
        writes: list[HeaderWrite] = []
        opaque = False
        for node in walk(body, not_into=("function_definition", "lambda")) if body is not None else ():
            found, unknown = self._write(node)
            writes.extend(found)
            opaque = opaque or unknown
        return tuple(writes), opaque

    def _write(self, node: Node) -> tuple[list[HeaderWrite], bool]:
        if node.type == "call":
            function = node.child_by_field_name("function")
            name = self._callee_name(node)
            if function is not None and function.type == "attribute" and self._on_headers(function):
                arguments = self._positional(node)
                if name in ("add", "set", "setdefault", "add_header") and len(arguments) >= 2:
                    mode = {"add": "add", "add_header": "add", "set": "set", "setdefault": "default"}[name]
                    return self._pair(arguments[0], arguments[1], mode, node)
                if name in ("extend", "update") and arguments:
                    return self._mapping(arguments[0], "add" if name == "extend" else "set", node)
            if name in ("Response", "make_response"):
                for argument in _arguments(node):
                    if argument.type == "keyword_argument":
                        key, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                        if key is not None and value is not None and self.text(key) == "headers":
                            return self._mapping(value, "set", node)
                    elif argument.type in ("dictionary", "list") and name == "make_response":
                        return self._mapping(argument, "set", node)
        elif node.type == "assignment":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return [], False
            if left.type == "subscript":
                value = left.child_by_field_name("value")
                key = left.child_by_field_name("subscript")
                if value is not None and key is not None and _last_word(self.text(value)) == "headers":
                    return self._pair(key, right, "set", node)
            if left.type == "attribute":
                attribute = left.child_by_field_name("attribute")
                word = self.text(attribute) if attribute is not None else ""
                header = {
                    "access_control_allow_origin": "access-control-allow-origin",
                    "access_control_allow_credentials": "access-control-allow-credentials",
                }.get(word)
                if header is not None:
                    return [self._header(header, right, "set", node)], False
        elif node.type == "return_statement":
            returned = node.named_child(0) if node.named_child_count else None  # a bare `return`
            if returned is not None and returned.type in ("tuple", "expression_list"):
                for element in returned.named_children[1:]:
                    if element.type == "dictionary":
                        return self._mapping(element, "set", node)
        return [], False

    def _on_headers(self, function: Node) -> bool:
        obj = function.child_by_field_name("object")
        return obj is not None and _last_word(self.text(obj)) == "headers"

    def _pair(self, key: Node, value: Node, mode: str, statement: Node) -> tuple[list[HeaderWrite], bool]:
        known, name = self.literal(key)
        if not known or not isinstance(name, str):
            return [], True
        if not name.lower().startswith("access-control-"):
            return [], False
        return [self._header(name.lower(), value, mode, statement)], False

    def _mapping(self, mapping: Node, mode: str, statement: Node) -> tuple[list[HeaderWrite], bool]:
        """A dict literal (or a list of pairs) of headers; anything else hides what it sets."""
        pairs: list[tuple[Node, Node]] = []
        if mapping.type == "dictionary":
            for pair in mapping.named_children:
                key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                if pair.type != "pair" or key is None or value is None:
                    return [], True
                pairs.append((key, value))
        elif mapping.type == "list":
            for item in mapping.named_children:
                if item.type != "tuple" or item.named_child_count != 2:
                    return [], True
                key, value = item.named_child(0), item.named_child(1)
                if key is None or value is None:
                    return [], True
                pairs.append((key, value))
        else:
            return [], True
        writes: list[HeaderWrite] = []
        for key, value in pairs:
            found, unknown = self._pair(key, value, mode, statement)
            if unknown:
                return [], True
            writes.extend(found)
        # a removal fix may delete the statement only when it sets nothing else
        if len(pairs) > 1 or statement.type != "call" or self._callee_name(statement) in ("Response", "make_response"):
            writes = [HeaderWrite(w.name, w.value, w.echo, w.mode, w.conditional, w.location) for w in writes]
        return writes, False

    def _header(self, name: str, value: Node, mode: str, statement: Node) -> HeaderWrite:
        known, literal = self.literal(value)
        text = self.text(value).replace("'", '"').replace(" ", "").lower()
        echo = text in _ECHO_EXPRESSIONS or text.startswith(('request.headers.get("origin"', "request.origin"))
        if known and isinstance(literal, bool):
            literal = "true" if literal else "false"
        return HeaderWrite(
            name,
            literal if known and isinstance(literal, str) else None,
            echo,
            mode,
            self._conditional(statement),
            self.location(value),
            self._removal(statement),
        )

    def _removal(self, statement: Node) -> Range | None:
        """The whole lines of a statement that is nothing but this write."""
        parent = self.file.parent(statement)
        if parent is None or parent.type != "expression_statement" or parent.named_child_count != 1:
            return None
        start_row, end_row = parent.start_point[0], parent.end_point[0]
        text = self.index
        before = text.text[text.line_start(start_row) : text.point_offset(*parent.start_point)]
        after = text.text[text.point_offset(*parent.end_point) : text.line_end(end_row)]
        if before.strip() or after.strip(" \t\r;"):
            return None
        return Range(Position(start_row, 0), Position(end_row + 1, 0))

    # ---- register_blueprint --------------------------------------------------------------------------------

    def _registration(self, call: Node) -> BlueprintRegistration | None:
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute" or self._callee_name(call) != "register_blueprint":
            return None
        obj = function.child_by_field_name("object")
        positional = self._positional(call)
        if obj is None or obj.type != "identifier" or not positional or positional[0].type != "identifier":
            return None
        name = self.text(positional[0])
        key = self.key(name, call)
        return BlueprintRegistration(
            self.path,
            self.key(self.text(obj), call),
            key,
            self.imports.get(name),
            self._keyword_text(call, "url_prefix"),
            self.location(call),
            call.start_byte,
        )

    def _conditional(self, node: Node) -> bool:
        """Inside an `if`, a loop, a `try`... of its own function."""

        def link(child: Node, parent: Node) -> bool | None:
            if parent.type in _CONDITIONAL:
                return True
            return False if parent.type == "function_definition" else None

        return self.file.inherited(node, self.conditionals, link)

    # ---- literals and text -----------------------------------------------------------------------------------

    def literal(self, node: Node) -> tuple[bool, object]:
        """(True, value) for a Python literal (strings without interpolation, numbers, lists, dicts...)."""
        if node.type not in _LITERAL_NODES or node.has_error:
            return False, None
        if any(n.type == "interpolation" for n in walk(node)):
            return False, None
        try:
            return True, ast.literal_eval(self.text(node))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return False, None

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node) -> Location:
        return Location(self.path, self.index.point_range(node.start_point, node.end_point))


# ---- tree helpers -------------------------------------------------------------------------------------------


def _arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "argument_list":
        return []
    return [a for a in arguments.named_children if a.type != "comment"]


def _decorators(decorated: Node) -> list[Node]:
    return [d.named_children[0] for d in decorated.children if d.type == "decorator" and d.named_children]


def _last_word(text: str) -> str:
    return text.rsplit(".", 1)[-1].strip()
