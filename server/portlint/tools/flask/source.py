"""Python source → the Flask apps it creates and the ports its `app.run(...)` calls name.

Read with tree-sitter-python, never imported: a half-typed file still yields what can be read (the
grammar recovers around the damage, and a `Flask(` / `app.run(` left open inside an ERROR node is still
recognised). Syntax errors are no `ConfigProblem`: an open editor is full of them, and reporting Python
syntax is the Python language server's job.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from functools import cached_property

from msgspec import Struct, field
from tree_sitter import Node

from ...core.facts import ParseResult, Token
from ...core.model import Insertion, Location
from .calls import assigned_to, call_arguments, host_and_port, last_name, open_callee, port_insertion
from .commands import Commands
from .facts import AppRun, FlaskApp, ImportedName
from .flask_classes import FlaskClasses
from .main_guard import MainGuard
from .prefilter import FACTORY_NAMES, is_cloud_function, may_create_apps
from .python_index import PythonIndex, source_order
from .python_values import Value, ValueReader, imported_name, literal
from .server_name import server_name_settings

_MODULE = -1  # scope key of the module body (functions use their node id)


def parse_flask_source(path: str, text: str) -> ParseResult:
    """The Flask apps created in one Python file, with their `run` calls and SERVER_NAME."""
    if not may_create_apps(text):
        return ParseResult()
    return ParseResult(facts=list(read_flask_apps(PythonIndex(path, text))))


def read_flask_apps(index: PythonIndex) -> Iterator[FlaskApp]:
    """The Flask apps of an already parsed Python file."""
    return _Reader(index).read()


class _App(Struct):
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
        self.imported_factories: set[str] = set()
        self.cloud_function = is_cloud_function(index.raw)
        self.commands = Commands(index)
        self.apps: list[_App] = []
        self.imported_apps: dict[str, _App] = {}  # imported name → the app it may be
        self.bindings: dict[tuple[int, str], _App] = {}  # (scope, variable or expression text) → app
        self.factories: dict[str, _App] = {}  # factory function name → the app it creates
        self.main_guard = MainGuard(index)

    # ---- the passes ---------------------------------------------------------------------------------

    def read(self) -> Iterator[FlaskApp]:
        for imported in self.file.imports:
            if imported.module is not None and imported.name in FACTORY_NAMES:
                self.imported_factories.add(imported.alias)
        for node in FlaskClasses(self.file).references():
            self._creation(node)
        for node in self.file.of_kind("assignment"):
            self._factory_binding(node)
        calls, assignments = self.file.of_kind("call"), self.file.of_kind("assignment")
        for node in heapq.merge(calls, assignments, self.file.of_kind("open_attribute"), key=source_order):
            callee = open_callee(self.file, node)
            if callee is not None and last_name(callee) == "run":
                self._run(node, callee)
            elif node.type == "call" and self._function_text(node) in self.commands.script_servers:
                self._flask_script_server(node)
            else:
                for obj, value in server_name_settings(self.file, node):
                    self._set_server_name(obj, value)
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

    def _creation(self, class_node: Node) -> None:
        call = self.file.parent(class_node)
        if call is not None and call.type == "call" and call.child_by_field_name("function") == class_node:
            creation = call
        elif self.file.followed_by_paren(class_node):
            creation = class_node  # `Flask(` still being typed
        else:
            return
        target = assigned_to(self.file, creation)
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
        if app.variable is None and function is None:  # `app = create_app()` at module level names it
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
        arguments = list(call_arguments(self.file, call, callee))
        served = self._served_app(callee, arguments[0]) if arguments else None
        if served is not None:
            app, arguments, runner = served, arguments[1:], f"{self.text(callee)}"
        else:
            obj = callee.child_by_field_name("object")
            found = self._app_of(obj) if obj is not None else None
            if found is None:
                return
            app, runner = found, "app.run"
        host_node, port_node, splat = host_and_port(self.file, arguments)
        insertion = None if splat or served is not None else port_insertion(self.file, call, arguments, port_node)
        app.runs.append(self._app_run(call, callee, host_node, port_node, splat, insertion, runner))

    def _served_app(self, callee: Node, first: Node) -> _App | None:
        """The app a runner's first argument names (`socketio.run(app, ...)`): one the file made, or one it
        imports when the runner is Flask-SocketIO's (the resolver checks that the name is an app)."""
        if first.type != "identifier":
            return None
        bound = self._bound_app(first)
        if bound is not None:
            return bound
        owner = callee.child_by_field_name("object")
        is_socketio = owner is not None and "socketio" in self.text(owner).lower()  # Flask-SocketIO's runner
        if owner is None or not is_socketio or self._bound_app(owner) is not None:
            return None
        return self._imported_app(first)

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
            self.main_guard.covers(call),
            port_is_literal=(port.literal and port.token is not None) or (port.none and not splat),
            port_insertion=insertion,
            runner=runner,
            port_from=port.imported,
            port_at_run_time=port.at_run_time and not splat,
            in_cli_command=self.commands.in_flask_cli_command(call),
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
        host_node, port_node, splat = host_and_port(self.file, list(call_arguments(self.file, call)))
        callee = function if function is not None else call
        app.runs.append(self._app_run(call, callee, host_node, port_node, splat, None, "Flask-Script Server"))

    def _manager_app(self) -> _App | None:
        """The app given to Flask-Script's `Manager(app)`."""
        argument = self.commands.manager_argument()
        return self._app_of(argument) if argument is not None else None

    def _set_server_name(self, obj: Node, value: Node) -> None:
        app = self._app_of(obj)
        token = literal(self.file, value)
        if app is not None and token is not None:
            app.server_name = token

    # ---- literals and text --------------------------------------------------------------------------

    def _function_text(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        return self.text(function) if function is not None else None

    def _function_name(self, function: Node | None) -> str | None:
        name = function.child_by_field_name("name") if function is not None else None
        return self.text(name) if name is not None else None

    def text(self, node: Node) -> str:
        return self.file.node_text(node)

    def location(self, node: Node) -> Location:
        return self.file.location(node)
