"""Python source → the CORS wiring of its Flask apps: `CORS(...)` calls and their options, blueprints and
their registration order, and (cors_views.py) views, after_request and before_request functions.

Read with tree-sitter-python, never imported. Only literal values count as known: an option or header
value held in a variable is recorded as unknown, so the analysis can stay silent instead of guessing.
"""

from __future__ import annotations

import heapq

from tree_sitter import Node

from .cors_facts import (
    AfterRequestHook,
    BeforeRequestHook,
    BlueprintRegistration,
    CorsModule,
    CorsOption,
    CorsSetup,
    FlaskRoute,
    FlaskTarget,
)
from .cors_syntax import Syntax, arguments
from .cors_views import HOOK_KINDS, Views
from .python_index import ImportedName, PythonIndex

# flask-cors's CONFIG_OPTIONS: app.config keys it reads (`CORS_HEADERS`, from old examples, is not one of them).
_CONFIG_OPTIONS = frozenset(
    {
        "CORS_ORIGINS",
        "CORS_METHODS",
        "CORS_ALLOW_HEADERS",
        "CORS_EXPOSE_HEADERS",
        "CORS_SUPPORTS_CREDENTIALS",
        "CORS_MAX_AGE",
        "CORS_SEND_WILDCARD",
        "CORS_AUTOMATIC_OPTIONS",
        "CORS_VARY_HEADER",
        "CORS_RESOURCES",
        "CORS_INTERCEPT_EXCEPTIONS",
        "CORS_ALWAYS_SEND",
        "CORS_ALLOW_PRIVATE_NETWORK",
    }
)
_CONFIG_LOADERS = frozenset({"from_object", "from_pyfile", "from_envvar", "from_prefixed_env", "from_file"})


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
        self.syntax = Syntax(index)
        self.path = index.path
        self.cors_names = {"CORS"}
        self.cross_origin_names = {"cross_origin"}
        self.imports: dict[str, tuple[str, str]] = {}  # local name → (module it comes from, its name there)
        self.locals: set[tuple[str, str]] = set()  # (factory, variable) of targets local to a function
        self.extensions: dict[str, tuple[tuple[CorsOption, ...], bool]] = {}  # `cors = CORS(...)` without app
        self.views = Views(self.syntax, self.key, self._options, self.cross_origin_names)

    def read(self) -> CorsModule:
        for imported in self.file.imports:
            if imported.module is not None and not imported.broken:  # `from X import ...`
                self._import(imported)
        assignments = self.file.of_kind("assignment")
        targets = [t for node in assignments for t in [self._target(node)] if t is not None]
        setups: list[CorsSetup] = []
        hooks: list[AfterRequestHook | BeforeRequestHook] = []
        routes: list[FlaskRoute] = []
        registrations: list[BlueprintRegistration] = []
        config_unknown = False
        # calls and decorated definitions in source order (never two at one offset: a decorator starts at `@`)
        calls, decorated = self.file.of_kind("call"), self.file.of_kind("decorated_definition")
        for node in heapq.merge(calls, decorated, key=_start) if decorated else calls:
            if node.type != "call":
                hooks.extend(self.views.hook_decorators(node))
                route = self.views.route(node)
                if route is not None:
                    routes.append(route)
                continue
            name = self.syntax.callee_name(node)  # most calls are none of these: told by their name alone
            if name in self.cors_names or name == "init_app":
                setup = self._setup(node)
                setups.extend([setup] if setup is not None else [])
            if name in HOOK_KINDS:
                hook = self.views.hook_call(node, self.file.functions)
                hooks.extend([hook] if hook is not None else [])
            if name == "register_blueprint":
                registration = self._registration(node)
                registrations.extend([registration] if registration is not None else [])
            if name in _CONFIG_LOADERS:
                config_unknown = config_unknown or self._loads_config(node)
        strings = self.file.of_kind("string_content")
        config_unknown = config_unknown or any(self.syntax.text(node) in _CONFIG_OPTIONS for node in strings)
        return CorsModule(
            self.path,
            tuple(targets),
            tuple(setups),
            tuple(h for h in hooks if isinstance(h, AfterRequestHook)),
            tuple(self.views.for_views(h, routes) for h in hooks if isinstance(h, BeforeRequestHook)),
            tuple(routes),
            tuple(registrations),
            tuple((local, module, name) for local, (module, name) in self.imports.items()),
            config_unknown,
        )

    # ---- names and targets ----------------------------------------------------------------------------

    def _import(self, imported: ImportedName) -> None:
        self.imports[imported.alias] = (imported.module or "", imported.name)
        if imported.module == "flask_cors" and imported.name == "CORS":
            self.cors_names.add(imported.alias)
        elif imported.module == "flask_cors" and imported.name == "cross_origin":
            self.cross_origin_names.add(imported.alias)

    def _target(self, assignment: Node) -> FlaskTarget | None:
        """`app = Flask(...)` / `bp = Blueprint(...)` (also inside a factory function)."""
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or right.type != "call":
            return None
        callee = self.syntax.callee_name(right)
        if callee == "CORS" or callee in self.cors_names:
            if not self.syntax.positional(right):
                self.extensions[self.syntax.text(left)] = self._options(right)
            return None
        if callee not in ("Flask", "Blueprint"):
            return None
        factory = self.file.factory_of(assignment)
        name = self.syntax.text(left)
        if factory is not None:
            self.locals.add((factory, name))
        written = self.syntax.keyword(right, "url_prefix")
        prefix = self.syntax.literal_text(written) if written is not None else None
        unknown = prefix is None and written is not None
        kind = "app" if callee == "Flask" else "blueprint"
        return FlaskTarget(self.path, self.key(name, assignment), kind, self.syntax.location(right), prefix, unknown)

    def key(self, name: str, at: Node) -> str:
        factory = self.file.factory_of(at)
        return f"{factory}:{name}" if factory is not None and (factory, name) in self.locals else name

    # ---- CORS(...) and init_app -------------------------------------------------------------------------

    def _setup(self, call: Node) -> CorsSetup | None:
        function = call.child_by_field_name("function")
        positional = self.syntax.positional(call)
        if function is None or not positional or positional[0].type != "identifier":
            return None
        target = self.key(self.syntax.text(positional[0]), call)
        if function.type == "identifier" and self.syntax.text(function) in self.cors_names:
            options, unknown = self._options(call)
            return CorsSetup(self.path, self.syntax.location(call), target, options, unknown, call.start_byte)
        if function.type == "attribute" and self.syntax.callee_name(call) == "init_app":
            obj = function.child_by_field_name("object")
            if obj is None or self.syntax.text(obj) not in self.extensions:
                return None
            base, base_unknown = self.extensions[self.syntax.text(obj)]
            extra, unknown = self._options(call)
            merged = {o.name: o for o in base} | {o.name: o for o in extra}  # init_app's kwargs win
            location = self.syntax.location(call)
            return CorsSetup(
                self.path, location, target, tuple(merged.values()), base_unknown or unknown, call.start_byte
            )
        return None

    def _options(self, call: Node) -> tuple[tuple[CorsOption, ...], bool]:
        options: list[CorsOption] = []
        unknown = False
        for argument in arguments(call):
            if argument.type == "keyword_argument":
                name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
                if name is None or value is None:
                    continue
                known, literal = self.syntax.literal(value)
                options.append(CorsOption(self.syntax.text(name), literal, known, self.syntax.location(value)))
            elif argument.type in ("dictionary_splat", "list_splat"):
                unknown = True
        return tuple(options), unknown

    def _loads_config(self, call: Node) -> bool:
        """`app.config.from_object(...)` and friends may hold CORS_* defaults."""
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute" or self.syntax.callee_name(call) not in _CONFIG_LOADERS:
            return False
        obj = function.child_by_field_name("object")
        return obj is not None and self.syntax.text(obj).endswith("config")

    # ---- register_blueprint --------------------------------------------------------------------------------

    def _registration(self, call: Node) -> BlueprintRegistration | None:
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute" or self.syntax.callee_name(call) != "register_blueprint":
            return None
        obj = function.child_by_field_name("object")
        positional = self.syntax.positional(call)
        if obj is None or obj.type != "identifier" or not positional or positional[0].type != "identifier":
            return None
        name = self.syntax.text(positional[0])
        prefix = self.syntax.keyword_text(call, "url_prefix")
        if prefix is None and self.syntax.keyword(call, "url_prefix") is not None:
            return None  # its routes' paths are not known
        return BlueprintRegistration(
            self.path,
            self.key(self.syntax.text(obj), call),
            self.key(name, call),
            self.imports[name][0] if name in self.imports else None,
            prefix,
            self.syntax.location(call),
            call.start_byte,
        )


def _start(node: Node) -> int:
    return node.start_byte
