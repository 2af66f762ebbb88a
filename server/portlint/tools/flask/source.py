"""Python source → the Flask apps it creates and the ports its `app.run(...)` calls name.

Read with tree-sitter-python, never imported: a half-typed file still yields what can be read (the
grammar recovers around the damage, and a `Flask(` / `app.run(` left open inside an ERROR node is still
recognised). Syntax errors are no `ConfigProblem`: an open editor is full of them, and reporting Python
syntax is the Python language server's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tree_sitter import Node

from ...core.facts import ParseResult, Token
from ...core.model import Insertion, Location, Range
from .facts import AppRun, FlaskApp, ImportedName
from .python_index import PythonIndex
from .python_values import Value, ValueReader, imported_name, literal, unparenthesized

# Flask's CLI itself looks for factories by these names; an imported one called in this file is an app.
_FACTORY_NAMES = frozenset({"create_app", "make_app"})
_MODULE = -1  # scope key of the module body (functions use their node id)
_CLOUD_FUNCTIONS = re.compile(r"^[ \t]*(?:from|import)[ \t]+(?:firebase_functions|functions_framework)\b", re.MULTILINE)
# `name.run(` where `name` may be an app imported from another module (a runner script: `from app import app`),
# or a factory it imports (`create_app().run(`).
_RUN_CALL = re.compile(r"\b([A-Za-z_]\w*)(?:\([^()\n]*\))?[ \t]*\.[ \t]*run[ \t]*\(")
# A script's own run: under `if __name__ == "__main__":`, or a call at the start of a line (unguarded).
_SCRIPT = re.compile(r"__main__|^[A-Za-z_][\w().]*[ \t]*\.[ \t]*run[ \t]*\(", re.MULTILINE)
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*(?P<names>\([^)]*\)|[^\n#;]*)|import[ \t]+(?P<modules>[^\n#;]*))",
    re.MULTILINE,
)
_NOT_APPS = frozenset({"subprocess", "asyncio", "self", "cls", "uvicorn", "trio", "anyio", "cli", "manager"})


def may_create_apps(text: str) -> bool:
    """Cheap test before parsing: no `Flask` and no script running an imported app or factory, no app (a
    module that only calls an imported factory without running it starts nothing)."""
    return "Flask" in text or "flask_script" in text or may_run_imported_app(text)


def may_run_imported_app(text: str) -> bool:
    """A script running an app it imports (`from app import app` … `app.run(`) or an app an imported
    factory makes (`app = create_app()` … `app.run(`), told by text alone."""
    if _SCRIPT.search(text) is None:
        return False
    imported = _imported_names(text)
    runs = {match.group(1) for match in _RUN_CALL.finditer(text)} - _NOT_APPS
    return bool(runs & imported) or (bool(runs) and not imported.isdisjoint(_FACTORY_NAMES))


def _imported_names(text: str) -> set[str]:
    """The local names `from X import a, b as c` and `import x` lines bind (parenthesised lists too)."""
    names: set[str] = set()
    for match in _IMPORT.finditer(text):
        for item in (match.group("names") or match.group("modules") or "").strip("() \t").split(","):
            words = item.split()
            if words:
                names.add(words[-1] if len(words) == 3 and words[1] == "as" else words[0].split(".")[0])
    return names


def is_cloud_function(text: str) -> bool:
    """The file imports a Cloud Functions framework (firebase_functions, functions_framework)."""
    return _CLOUD_FUNCTIONS.search(text) is not None


def parse_flask_source(path: str, text: str) -> ParseResult:
    """The Flask apps created in one Python file, with their `run` calls and SERVER_NAME."""
    if not may_create_apps(text):
        return ParseResult()
    return ParseResult(facts=list(read_flask_apps(PythonIndex(path, text))))


def read_flask_apps(index: PythonIndex) -> Iterator[FlaskApp]:
    """The Flask apps of an already parsed Python file."""
    return _Reader(index).read()


@dataclass
class _App:
    creation: Location
    start: int  # byte offset, for a stable order
    variable: str | None
    factory: str | None
    runs: list[AppRun] = field(default_factory=list)
    server_name: Token | None = None
    imported: ImportedName | None = None  # an imported factory or app: kept only when it is run here


class _Reader:
    def __init__(self, index: PythonIndex) -> None:
        self.file = index
        self.path = index.path
        self.source = index.source
        self.index = index.text
        self.flask_classes = {"Flask"}  # `Flask` itself, even when the import is not written (yet)
        self.flask_modules: set[str] = set()
        self.imported_factories: set[str] = set()
        self.cloud_function = is_cloud_function(index.text.text)
        self.apps: list[_App] = []
        self.imported_apps: dict[str, _App] = {}  # imported name → the app it may be
        self.bindings: dict[tuple[int, str], _App] = {}  # (scope, variable or expression text) → app
        self.factories: dict[str, _App] = {}  # factory function name → the app it creates
        self.main_bodies: dict[int, bool] = {}  # node id → inside `if __name__ == "__main__":`

    # ---- the passes ---------------------------------------------------------------------------------

    def read(self) -> Iterator[FlaskApp]:
        nodes = self.file.nodes
        for imported in self.file.imports:
            if imported.module is None and imported.name == "flask":
                self.flask_modules.add(imported.alias)
            elif imported.module == "flask" and imported.name == "Flask":
                self.flask_classes.add(imported.alias)
            elif imported.module is not None and imported.name in _FACTORY_NAMES:
                self.imported_factories.add(imported.alias)
        for node in nodes:
            if node.type == "class_definition":
                self._subclass(node)
        for node in nodes:
            if self._is_flask_class(node):
                self._creation(node)
        for node in nodes:
            if node.type == "assignment":
                self._factory_binding(node)
        for node in nodes:
            callee = self._open_callee(node)
            if callee is not None and _last_name(callee) == "run":
                self._run(node, callee)
            elif node.type == "call" and self._function_text(node) in self.script_servers:
                self._flask_script_server(node)
            elif node.type == "assignment":
                self._server_name_item(node)
            elif node.type == "call":
                self._server_name_update(node)
        for app in sorted(self.apps, key=lambda a: a.start):
            if app.imported is not None and not app.runs:
                continue
            yield FlaskApp(
                file=self.path,
                creation=app.creation,
                variable=app.variable,
                factory=app.factory,
                runs=tuple(app.runs),
                server_name=app.server_name,
                imported=app.imported,
                cloud_function=self.cloud_function,
            )

    @cached_property
    def values(self) -> ValueReader:
        return ValueReader(self.file)

    @cached_property
    def script_servers(self) -> set[str]:
        """Flask-Script's `Server` as this file names it."""
        found = {i.alias for i in self.file.imports if i.module == "flask_script" and i.name == "Server"}
        modules = {i.alias for i in self.file.imports if i.module is None and i.name == "flask_script"}
        return found | {f"{module}.Server" for module in modules}

    def _subclass(self, node: Node) -> None:
        """`class MyApp(Flask):` makes `MyApp(...)` an app too."""
        name, bases = node.child_by_field_name("name"), node.child_by_field_name("superclasses")
        if name is None or bases is None:
            return
        for base in bases.named_children:
            if self._is_flask_class(base):
                self.flask_classes.add(self.text(name))

    def _is_flask_class(self, node: Node) -> bool:
        if node.type == "identifier":
            parent = self.file.parent(node)
            if parent is not None and parent.type in ("attribute", "class_definition"):
                return False  # `x.Flask` is handled as the attribute; `class MyFlask(Flask)` names a class
            return self.text(node) in self.flask_classes and not self._in_import(node)
        if node.type == "attribute":
            obj = node.child_by_field_name("object")
            return obj is not None and self.text(obj) in self.flask_modules and _last_name(node) == "Flask"
        return False

    def _creation(self, class_node: Node) -> None:
        call = self.file.parent(class_node)
        if call is not None and call.type == "call" and call.child_by_field_name("function") == class_node:
            creation = call
        elif self.file.followed_by_paren(class_node):
            creation = class_node  # `Flask(` still being typed
        else:
            return
        target = self._assigned_to(creation)
        function = self.file.function_of(creation)
        scope = function.id if function is not None else _MODULE
        factory = self._function_name(function)
        app = _App(
            creation=self.location(creation),
            start=creation.start_byte,
            variable=target if function is None else None,
            factory=factory,
        )
        self.apps.append(app)
        if creation.type == "call":
            self.bindings[(scope, self.text(creation))] = app  # `Flask(__name__).run()`
        if target is not None:
            self.bindings[(scope, target)] = app
        if factory is not None:
            self.factories.setdefault(factory, app)

    def _assigned_to(self, value: Node) -> str | None:
        """The variable a value is assigned to: `app = Flask(...)`, also inside an ERROR node."""
        parent = self.file.parent(value)
        if parent is None:
            return None
        if parent.type == "assignment" and parent.child_by_field_name("right") == value:
            left = parent.child_by_field_name("left")
            if left is not None and left.type in ("identifier", "attribute"):
                return self.text(left)
            return None
        if parent.type == "ERROR":
            before = self.file.sibling(value, -1)
            target = self.file.sibling(value, -2) if before is not None and before.type == "=" else None
            if target is not None and target.type in ("identifier", "attribute"):
                return self.text(target)
        return None

    def _factory_binding(self, assignment: Node) -> None:
        """`app = create_app()`: the variable now names the factory's app."""
        right, left = assignment.child_by_field_name("right"), assignment.child_by_field_name("left")
        if right is None or left is None or left.type not in ("identifier", "attribute"):
            return
        if right.type == "identifier":  # `app = application`: another name for the same app
            app = self._bound_app(right)
        elif right.type == "call":
            app = self._app_of_call(right)
        else:
            return
        if app is None:
            return
        function = self.file.function_of(assignment)
        self.bindings[(function.id if function is not None else _MODULE, self.text(left))] = app
        if app.imported is not None and app.variable is None and function is None:
            app.variable = self.text(left)

    def _app_of_call(self, call: Node) -> _App | None:
        """The app a call returns: a factory of this file, or an imported `create_app`."""
        function = call.child_by_field_name("function")
        if function is None or function.type != "identifier":
            return None
        name = self.text(function)
        if name in self.factories:
            return self.factories[name]
        if name not in self.imported_factories:
            return None
        app = _App(self.location(call), call.start_byte, None, name, imported=imported_name(self.file, name))
        self.apps.append(app)
        self.factories[name] = app
        return app

    def _app_of(self, obj: Node) -> _App | None:
        """The app an expression names in its scope (or the module's)."""
        if obj.type == "call":
            found = self._app_of_call(obj)
            if found is not None:
                return found
        function = self.file.function_of(obj)
        key = self.text(obj)
        if function is not None and (function.id, key) in self.bindings:
            return self.bindings[(function.id, key)]
        found = self.bindings.get((_MODULE, key))
        return found if found is not None or obj.type != "identifier" else self._imported_app(obj)

    def _imported_app(self, name_node: Node) -> _App | None:
        """`from project import app` then `app.run()`: maybe an app (the resolver checks the module)."""
        name = self.text(name_node)
        if name in self.imported_apps:
            return self.imported_apps[name]
        source = imported_name(self.file, name)
        if source is None or source.module.split(".")[0] in ("flask", "flask_socketio", "flask_script"):
            return None
        app = _App(self.location(name_node), name_node.start_byte, name, None, imported=source)
        self.apps.append(app)
        self.imported_apps[name] = app
        return app

    # ---- app.run(...) -------------------------------------------------------------------------------

    def _run(self, call: Node, callee: Node) -> None:
        """`app.run(host, port)`, or a runner taking the app first: `socketio.run(app, host, port)`."""
        arguments = list(self._arguments(call, callee))
        served = self._served_app(arguments[0]) if arguments else None
        if served is not None:
            app, arguments, runner = served, arguments[1:], f"{self.text(callee)}"
        else:
            obj = callee.child_by_field_name("object")
            found = self._app_of(obj) if obj is not None else None
            if found is None:
                return
            app, runner = found, "app.run"
        host_node, port_node, splat = self._run_arguments(arguments)
        insertion = None if splat or served is not None else self._port_insertion(call, arguments, port_node)
        app.runs.append(self._app_run(call, callee, host_node, port_node, splat, insertion, runner))

    def _served_app(self, first: Node) -> _App | None:
        """The app a runner's first argument names (`socketio.run(app, ...)`), when the file made it."""
        return self._bound_app(first) if first.type == "identifier" else None

    def _bound_app(self, name: Node) -> _App | None:
        """The app a name is bound to in its scope (or the module's), in this file."""
        function = self.file.function_of(name)
        key = self.text(name)
        if function is not None and (function.id, key) in self.bindings:
            return self.bindings[(function.id, key)]
        return self.bindings.get((_MODULE, key))

    def _app_run(
        self,
        call: Node,
        callee: Node,
        host_node: Node | None,
        port_node: Node | None,
        splat: bool,
        insertion: Insertion | None,
        runner: str,
    ) -> AppRun:
        port = self.values.value(port_node) if port_node is not None else Value(none=True)
        host = self.values.value(host_node) if host_node is not None else Value(none=True)
        return AppRun(
            self.location(callee),
            port.token,
            host.token,
            self._under_main(call),
            port_is_literal=(port.literal and port.token is not None) or (port.none and not splat),
            port_insertion=insertion,
            runner=runner,
            port_from=port.imported,
            port_at_run_time=port.at_run_time and not splat,
            in_cli_command=self._in_cli_command(call),
        )

    def _flask_script_server(self, call: Node) -> None:
        """Flask-Script: `manager = Manager(app)`, `Server(host=..., port=...)` runs the app (through
        app.run, from `python manage.py runserver`)."""
        apps = [app for app in self.apps if app.variable is not None] or list(self.imported_apps.values())
        manager_app = self._manager_app()
        app = manager_app or (apps[0] if len(apps) == 1 else None)
        if app is None:
            return
        function = call.child_by_field_name("function")
        host_node, port_node, splat = self._run_arguments(list(self._arguments(call)))
        callee = function if function is not None else call
        app.runs.append(self._app_run(call, callee, host_node, port_node, splat, None, "Flask-Script Server"))

    def _manager_app(self) -> _App | None:
        """The app given to Flask-Script's `Manager(app)`."""
        managers = {i.alias for i in self.file.imports if i.module == "flask_script" and i.name == "Manager"}
        for node in self.file.nodes:
            if node.type == "call" and self._function_text(node) in managers:
                arguments = list(self._arguments(node))
                if arguments and arguments[0].type == "identifier":
                    return self._app_of(arguments[0])
        return None

    def _in_cli_command(self, node: Node) -> bool:
        """Inside a command of the Flask CLI (`@app.cli.command()`, `@bp.cli.command()`, a command of a
        `FlaskGroup`/`AppGroup`): it runs under `flask <command>`, where FlaskGroup has made app.run a no-op.
        A plain click command or a Flask-Script `@manager.command` run by `python manage.py` does run it."""
        function = self.file.function_of(node)
        while function is not None:
            decorated = self.file.parent(function)
            if decorated is not None and decorated.type == "decorated_definition":
                for decorator in decorated.named_children:
                    if decorator.type == "decorator" and self._flask_cli_command(decorator):
                        return True
            function = self.file.function_of(function)
        return False

    def _flask_cli_command(self, decorator: Node) -> bool:
        text = self.text(decorator).replace(" ", "").lstrip("@")
        owner = text.split(".command", 1)[0] if ".command" in text else None
        return owner is not None and (owner.endswith(".cli") or owner in self.flask_groups)

    @cached_property
    def flask_groups(self) -> set[str]:
        """Names bound to `FlaskGroup(...)` / `AppGroup(...)` in this file (`cli = FlaskGroup(app)`)."""
        found: set[str] = set()
        for node in self.file.nodes:
            if node.type != "assignment":
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and right.type == "call":
                called = self._function_text(right) or ""
                if called.rsplit(".", 1)[-1] in ("FlaskGroup", "AppGroup"):
                    found.add(self.text(left))
        return found

    def _port_insertion(self, call: Node, arguments: list[Node], port_node: Node | None) -> Insertion | None:
        """Where `port=N` goes: as a keyword after the last argument (after any positional one, and never
        taken for the host), on its own line when the arguments sit on theirs; over a `None` port. Only in
        a call that parses cleanly."""
        argument_list = call.child_by_field_name("arguments") if call.type == "call" else None
        if argument_list is None or argument_list.type != "argument_list" or call.has_error:
            return None
        if port_node is not None:
            return Insertion(self.location(port_node), "") if port_node.type == "none" else None
        if not arguments:
            row, column = argument_list.start_point
            after_paren = self.index.point(row, column + 1)
            return Insertion(Location(self.path, Range(after_paren, after_paren)), "port=")
        last = arguments[-1]
        end = self.index.point(*last.end_point)
        at = Location(self.path, Range(end, end))
        row = last.start_point[0]
        before_last = self.index.text[self.index.line_start(row) : self.index.point_offset(*last.start_point)]
        if row > argument_list.start_point[0] and before_last.strip(" \t") == "":  # the argument's indentation
            return Insertion(at, f",{self.index.eol}{before_last}port=")
        return Insertion(at, ", port=")

    def _run_arguments(self, arguments: list[Node]) -> tuple[Node | None, Node | None, bool]:
        """`run(host=None, port=None, debug=None, ...)`: the host and port nodes, and whether a `*`/`**`
        splat might hide them."""
        found: dict[str, Node] = {}
        splat = False
        position = 0
        for argument in arguments:
            if argument.type in ("list_splat", "dictionary_splat"):
                splat = True
            elif argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is not None and value is not None:
                    found.setdefault(self.text(name), value)
            elif not splat:  # positions after a `*args` are unknown
                found.setdefault(("host", "port")[position] if position < 2 else "", argument)
                position += 1
        return found.get("host"), found.get("port"), splat

    def _under_main(self, node: Node) -> bool:
        """Inside the body of `if __name__ == "__main__":` (either quotes, either operand order); a broken
        call the grammar left in an ERROR node after the condition counts as inside."""

        def link(child: Node, parent: Node) -> bool | None:
            if parent.type != "if_statement":
                return None
            condition = parent.child_by_field_name("condition")
            in_body = parent.child_by_field_name("consequence") == child or (
                child.type == "ERROR" and condition is not None and child.start_byte >= condition.end_byte
            )
            if in_body and condition is not None and self._is_main_check(unparenthesized(condition)):
                return True
            return None

        return self.file.inherited(node, self.main_bodies, link)

    def _is_main_check(self, condition: Node) -> bool:
        if condition.type != "comparison_operator" or condition.named_child_count != 2:
            return False
        operators = [c.type for c in condition.children if not c.is_named]
        sides = {
            "name" if n.type == "identifier" and self.text(n) == "__name__" else self._literal_text(n)
            for n in condition.named_children
        }
        return operators == ["=="] and sides == {"name", "__main__"}

    # ---- SERVER_NAME --------------------------------------------------------------------------------

    def _server_name_item(self, assignment: Node) -> None:
        """`app.config["SERVER_NAME"] = "localhost:8000"`."""
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left is None or right is None or left.type != "subscript":
            return
        config, key = left.child_by_field_name("value"), left.child_by_field_name("subscript")
        if config is None or key is None or self._literal_text(key) != "SERVER_NAME":
            return
        self._set_server_name(config, right)

    def _server_name_update(self, call: Node) -> None:
        """`app.config.update(SERVER_NAME=...)`, `.from_mapping(...)`, `.update({"SERVER_NAME": ...})`."""
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute" or _last_name(function) not in ("update", "from_mapping"):
            return
        config = function.child_by_field_name("object")
        if config is None:
            return
        for argument in self._arguments(call):
            if argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is not None and value is not None and self.text(name) == "SERVER_NAME":
                    self._set_server_name(config, value)
            elif argument.type == "dictionary":
                for pair in argument.named_children:
                    key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                    if key is not None and value is not None and self._literal_text(key) == "SERVER_NAME":
                        self._set_server_name(config, value)

    def _set_server_name(self, config: Node, value: Node) -> None:
        if config.type != "attribute" or _last_name(config) != "config":
            return
        obj = config.child_by_field_name("object")
        app = self._app_of(obj) if obj is not None else None
        token = self._literal(value)
        if app is not None and token is not None:
            app.server_name = token

    # ---- the tree ---------------------------------------------------------------------------------

    def _open_callee(self, node: Node) -> Node | None:
        """The callee when `node` is a call's function, or an attribute followed by `(` in a broken call."""
        if node.type == "call":
            function = node.child_by_field_name("function")
            return function if function is not None and function.type == "attribute" else None
        if node.type == "attribute":
            parent = self.file.parent(node)
            if parent is not None and parent.type == "ERROR" and self.file.followed_by_paren(node):
                return node
        return None

    def _arguments(self, call: Node, callee: Node | None = None) -> Iterator[Node]:
        """A call's argument nodes; for a broken call inside an ERROR node, the siblings after its `(`."""
        if call.type == "call":
            arguments = call.child_by_field_name("arguments")
            if arguments is not None:
                yield from (a for a in arguments.named_children if a.type != "comment")
            return
        opening = callee or call
        sibling = self.file.sibling(opening, 1)
        if sibling is None or sibling.type != "(":
            return
        step = 2
        sibling = self.file.sibling(opening, step)
        while sibling is not None and sibling.type != ")":
            if sibling.is_named and sibling.type not in ("comment", "ERROR"):
                yield sibling
            step += 1
            sibling = self.file.sibling(opening, step)

    def _in_import(self, node: Node) -> bool:
        parent = self.file.parent(node)
        while parent is not None and parent.type in ("dotted_name", "aliased_import"):
            parent = self.file.parent(parent)
        return parent is not None and parent.type in ("import_statement", "import_from_statement")

    # ---- literals and text --------------------------------------------------------------------------

    def _literal(self, node: Node | None) -> Token | None:
        """An int or str literal as a token over its digits / its content without quotes."""
        return literal(self.file, node)

    def _literal_text(self, node: Node) -> str | None:
        token = self._literal(node)
        return token.text if token is not None else None

    def _function_text(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        return self.text(function) if function is not None else None

    def _function_name(self, function: Node | None) -> str | None:
        name = function.child_by_field_name("name") if function is not None else None
        return self.text(name) if name is not None else None

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node) -> Location:
        return Location(self.path, self.index.point_range(node.start_point, node.end_point))


# ---- tree helpers ----------------------------------------------------------------------------------


def _last_name(node: Node) -> str | None:
    if node.type != "attribute":
        return None
    name = node.child_by_field_name("attribute")
    return name.text.decode("utf-8", errors="replace") if name is not None and name.text is not None else None
