"""The functions a Flask app or blueprint calls around a request, as the CORS reader sees them: views
(`@x.route`, `@x.get`... with `@cross_origin` below), after_request functions with the headers they set,
before_request functions with what they answer a preflight."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from msgspec.structs import replace
from tree_sitter import Node

from ...core.model import Location
from .cors_before import hook_answers
from .cors_facts import AfterRequestHook, BeforeRequestHook, CorsOption, FlaskRoute, HookAnswer
from .cors_syntax import Syntax, arguments, decorators
from .cors_writes import header_writes

_ROUTE_METHODS = {"route": None, "get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE", "patch": "PATCH"}
_AFTER = ("after_request", "after_app_request")
_BEFORE = ("before_request", "before_app_request")
HOOK_KINDS = frozenset(_AFTER + _BEFORE)
Key = Callable[[str, Node], str]  # a target's variable name where it is used → its key
Options = Callable[[Node], tuple[tuple[CorsOption, ...], bool]]
Hook = AfterRequestHook | BeforeRequestHook
_UNKNOWN = (HookAnswer("unknown"), HookAnswer("unknown"))


class Views:
    def __init__(self, syntax: Syntax, key: Key, options: Options, cross_origin_names: set[str]) -> None:
        self.syntax = syntax
        self.key = key
        self.options = options
        self.cross_origin_names = cross_origin_names
        self.before_bodies: dict[int, Node] = {}  # a before_request hook's order → its function definition

    # ---- hooks ---------------------------------------------------------------------------------------------------

    def hook_decorators(self, decorated: Node) -> Iterator[Hook]:
        definition = decorated.child_by_field_name("definition")
        if definition is None or definition.type != "function_definition":
            return
        for decorator in decorators(decorated):
            if decorator.type != "attribute":
                continue
            obj, attribute = decorator.child_by_field_name("object"), decorator.child_by_field_name("attribute")
            if obj is None or attribute is None or obj.type != "identifier":
                continue
            kind = self.syntax.text(attribute)
            if kind in _AFTER + _BEFORE:
                yield self.hook(self.syntax.text(obj), kind, definition, decorator)

    def hook_call(self, call: Node, functions: dict[str, Node]) -> Hook | None:
        """`app.after_request(add_headers)` / `app.before_request(check)`; a function not defined in this module
        (imported, a lambda, a call's result) is opaque: what it sets or answers is not known."""
        function = call.child_by_field_name("function")
        kind = self.syntax.callee_name(call)
        if function is None or function.type != "attribute" or kind not in _AFTER + _BEFORE:
            return None
        obj = function.child_by_field_name("object")
        positional = self.syntax.positional(call)
        if obj is None or obj.type != "identifier" or len(positional) != 1:
            return None
        name = self.syntax.text(positional[0])
        definition = functions.get(name) if positional[0].type == "identifier" else None
        if definition is not None:
            return self.hook(self.syntax.text(obj), kind, definition, call)
        key, location, app_wide = self.key(self.syntax.text(obj), call), self.syntax.location(call), "_app_" in kind
        if kind in _BEFORE:
            return BeforeRequestHook(self.syntax.path, key, app_wide, name, location, *_UNKNOWN, call.start_byte)
        return AfterRequestHook(self.syntax.path, key, app_wide, name, location, (), True, call.start_byte)

    def hook(self, target: str, kind: str, definition: Node, at: Node) -> Hook:
        name = definition.child_by_field_name("name")
        function = self.syntax.text(name) if name is not None else "?"
        key, location, app_wide = self.key(target, at), self.syntax.location(at), kind.endswith("_app_request")
        if kind in _BEFORE:
            self.before_bodies[at.start_byte] = definition
            preflight, request = _UNKNOWN if self._wrapped(definition) else hook_answers(self.syntax, definition)
            return BeforeRequestHook(
                self.syntax.path, key, app_wide, function, location, preflight, request, at.start_byte
            )
        writes, opaque = header_writes(self.syntax, definition)
        return AfterRequestHook(self.syntax.path, key, app_wide, function, location, writes, opaque, at.start_byte)

    def _wrapped(self, definition: Node) -> bool:
        """Another decorator than the hook's own wraps the function (`@jwt_required`): it may answer first."""
        decorated = self.syntax.file.decorated(definition)
        if decorated is None:
            return False
        names = [self.syntax.text(d).rsplit(".", 1)[-1] for d in decorators(decorated)]
        return any(name not in _AFTER + _BEFORE for name in names)

    def for_views(self, hook: BeforeRequestHook, routes: list[FlaskRoute]) -> BeforeRequestHook:
        """The hook with its answers for each view of its own target whose endpoint or path it tests."""
        definition = self.before_bodies.get(hook.order)
        body = self.syntax.text(definition) if definition is not None else ""
        if definition is None or self._wrapped(definition):
            return hook
        if "request.endpoint" not in body and "request.path" not in body:
            return hook
        by_view = tuple(
            (route.function, route.rule, *hook_answers(self.syntax, definition, route.function, route.rule))
            for route in routes
            if route.target == hook.target and not hook.app_wide
        )
        return replace(hook, by_view=by_view)

    # ---- views ---------------------------------------------------------------------------------------------------

    def route(self, decorated: Node) -> FlaskRoute | None:
        definition = decorated.child_by_field_name("definition")
        if definition is None or definition.type != "function_definition":
            return None
        route: tuple[str, str, tuple[str, ...] | None, Location] | None = None
        cross: tuple[tuple[CorsOption, ...], bool, Location] | None = None
        for decorator in decorators(decorated):  # top to bottom; the route registers what is below it
            if decorator.type != "call":
                continue
            function = decorator.child_by_field_name("function")
            if function is None:
                continue
            if function.type == "identifier" and self.syntax.text(function) in self.cross_origin_names:
                if route is not None:  # below the route decorator: it wraps the registered view
                    options, unknown = self.options(decorator)
                    cross = (options, unknown, self.syntax.location(decorator))
                continue
            found = self.route_decorator(decorator)
            if found is not None and route is None:
                route = found
        if route is None:
            return None
        target, rule, methods, location = route
        writes, opaque = header_writes(self.syntax, definition)
        name = definition.child_by_field_name("name")
        return FlaskRoute(
            self.syntax.path,
            self.key(target, decorated),
            rule,
            methods,
            location,
            self.syntax.text(name) if name is not None else "?",
            writes,
            opaque,
            cross[0] if cross is not None else None,
            cross[2] if cross is not None else None,
            cross[1] if cross is not None else False,
        )

    def route_decorator(self, call: Node) -> tuple[str, str, tuple[str, ...] | None, Location] | None:
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute":
            return None
        obj = function.child_by_field_name("object")
        kind = self.syntax.callee_name(call)
        positional = self.syntax.positional(call)
        if obj is None or obj.type != "identifier" or kind not in _ROUTE_METHODS or not positional:
            return None
        known, rule = self.syntax.literal(positional[0])
        if not known or not isinstance(rule, str):
            return None
        fixed = _ROUTE_METHODS[kind]
        methods: tuple[str, ...] | None = (fixed,) if fixed is not None else ("GET",)
        for argument in arguments(call):
            if argument.type == "dictionary_splat":
                methods = None
        listed = self.syntax.keyword(call, "methods")
        if listed is not None:
            known, value = self.syntax.literal(listed)
            ok = known and isinstance(value, (list, tuple)) and all(isinstance(m, str) for m in value)
            methods = tuple(str(m).upper() for m in value) if ok and isinstance(value, (list, tuple)) else None
        return self.syntax.text(obj), rule, methods, self.syntax.location(positional[0])
