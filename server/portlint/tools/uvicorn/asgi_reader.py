"""Python source → its FastAPI / Starlette apps and routers, their middleware (in Starlette's order), routes
and inclusions, and the CORS headers middleware functions and routes write. Read with tree-sitter, never
imported; a value that is not a literal (or a constant of the module) is recorded as unknown."""

from __future__ import annotations

import re

from tree_sitter import Node

from ...core.facts import ParseResult
from ...core.text import SourceText
from ...readers.python_parse import parse_python
from ...readers.syntax_tree import walk
from .asgi_facts import ANY_APP, AsgiModule, Inclusion, Middleware, Owner, Route
from .asgi_middleware import MiddlewareReader, with_middleware
from .asgi_values import Values, arguments, last_word
from .asgi_writes import WriteReader

_OWNERS = {"FastAPI": "app", "Starlette": "app", "APIRouter": "router"}
_ROUTE_METHODS: dict[str, tuple[str, ...] | None] = {
    "get": ("GET",),
    "post": ("POST",),
    "put": ("PUT",),
    "patch": ("PATCH",),
    "delete": ("DELETE",),
    "options": ("OPTIONS",),
    "head": ("HEAD",),
    "api_route": None,
    "route": None,
}
_BRANCHES = frozenset({"if_statement", "for_statement", "while_statement", "try_statement", "with_statement"})
_MENTIONS_CORS = re.compile(rb"(?i)access-control-")


def parse_asgi_cors(path: str, text: str) -> ParseResult:
    """The FastAPI / Starlette wiring of one Python file (nothing for a file without an app or router)."""
    lowered = text.lower()
    if "fastapi" not in lowered and "starlette" not in lowered and "access-control-" not in lowered:
        return ParseResult()
    module = _Reader(path, text).read()
    if not (module.owners or module.routes or module.cors_classes or module.elsewhere):
        return ParseResult()
    return ParseResult(facts=[module])


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        source = SourceText(text)
        self.path = path
        self.root = parse_python(text, source.source).root_node  # the tree Flask's reader may have made
        self.values = Values(path, source, self.root)
        self.writes = WriteReader(self.values)
        self.imports: dict[str, tuple[str, str]] = {}  # local name → (module, name) of `from X import name`
        self.functions: dict[str, Node] = {}
        self.middleware = MiddlewareReader(self.values, self.writes, self._is, self.functions)
        self.owners: dict[str, Owner] = {}
        self.added: dict[str, list[tuple[int, Middleware]]] = {}  # owner → (offset, middleware) as added
        self.unknown: set[str] = set()  # owners whose middleware cannot be followed
        self.routes: list[Route] = []
        self.inclusions: list[Inclusion] = []
        self.elsewhere: set[str] = set()  # apps changed from outside their module (see AsgiModule)
        self.scopes: dict[str, int | None] = {}  # owner → id of the function it is made in (None: the module)
        self.context: dict[int, tuple[int | None, bool]] = {}  # node id → (its function's id, in a branch)

    def read(self) -> AsgiModule:
        classes: list[str] = []
        for node in walk(self.root):
            if node.type in ("import_from_statement", "import_statement"):
                self._import(node)
            elif node.type == "function_definition" and (name := node.child_by_field_name("name")) is not None:
                self.functions.setdefault(self.text(name), node)
            elif node.type == "class_definition" and _MENTIONS_CORS.search(node.text or b""):
                name = node.child_by_field_name("name")
                classes.extend([self.text(name)] if name is not None else [])
        for node, function, branch in _walk_in_context(self.root):
            self.context[node.id] = (function, branch)
            if node.type == "assignment":
                owner = self._owner(node)
                if owner is not None:
                    if owner.name in self.owners:
                        self.unknown.add(owner.name)  # two apps of one name: which one is meant is unclear
                    self.owners[owner.name] = owner
                    self.scopes[owner.name] = function
            elif node.type == "call":
                self._call(node)
            elif node.type == "decorated_definition":
                self._decorated(node)
        owners = tuple(
            with_middleware(owner, self.added.get(owner.name, []), owner.name in self.unknown)
            for owner in self.owners.values()
        )
        return AsgiModule(
            self.path, owners, tuple(self.routes), tuple(self.inclusions), tuple(classes), tuple(sorted(self.elsewhere))
        )

    # ---- names ------------------------------------------------------------------------------------------

    def _import(self, node: Node) -> None:
        module = node.child_by_field_name("module_name")
        module_text = self.text(module) if module is not None else ""
        for name_node in node.children_by_field_name("name"):
            name, alias = name_node, name_node
            if name_node.type == "aliased_import":
                name = name_node.child_by_field_name("name") or name_node
                alias = name_node.child_by_field_name("alias") or name_node
            if node.type == "import_from_statement":
                self.imports[self.text(alias)] = (module_text, self.text(name))
            else:  # `import app.routers.items as items`
                self.imports[self.text(alias)] = (self.text(name), "")

    def _is(self, node: Node | None, name: str) -> bool:
        """`node` names the class or function `name` (imported under another name, or as `module.name`)."""
        if node is None:
            return False
        written = self.text(node)
        return last_word(written) == name or self.imports.get(written, ("", ""))[1] == name

    # ---- apps and routers ---------------------------------------------------------------------------------

    def _owner(self, assignment: Node) -> Owner | None:
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or right.type != "call":
            return None
        function = right.child_by_field_name("function")
        kind = next((k for name, k in _OWNERS.items() if self._is(function, name)), None)
        if kind is None:
            return None
        _, keywords, splat = arguments(right)
        prefix = self.values.string(keywords["prefix"]) if "prefix" in keywords else ("" if not splat else None)
        listed, list_unknown = self.middleware.listed(keywords.get("middleware"))
        return Owner(self.text(left), kind, self.values.location(right), prefix, listed, list_unknown or splat)

    # ---- calls: add_middleware, include_router ---------------------------------------------------------

    def _call(self, call: Node) -> None:
        function = call.child_by_field_name("function")
        if function is not None and self._is(function, "CORSMiddleware"):
            self.elsewhere.add(ANY_APP)  # `app = CORSMiddleware(app, ...)`: a wrapper around some app
        if function is not None and function.type == "call":  # `app.middleware("http")(add_headers)`
            inner = function.child_by_field_name("function")
            target = inner.child_by_field_name("object") if inner is not None else None
            if inner is not None and target is not None and last_word(self.text(inner)) == "middleware":
                if self.text(target) in self.owners:
                    self.unknown.add(self.text(target))
                else:
                    self.elsewhere.add(ANY_APP)
        if function is None or function.type != "attribute":
            return
        target, method = function.child_by_field_name("object"), function.child_by_field_name("attribute")
        if target is None or method is None:
            return
        name, verb = self.text(target), self.text(method)
        if verb == "mount":  # `app.mount("/api", api)`: the outer app's middleware wraps the mounted one too
            positional, keywords, _ = arguments(call)
            mounted = positional[1] if len(positional) > 1 else keywords.get("app")
            if mounted is not None and mounted.type in ("identifier", "attribute"):
                self.elsewhere.add(last_word(self.text(mounted)))
        if name not in self.owners:
            if verb == "add_middleware":
                self.elsewhere.add(ANY_APP)  # an app of another module, or a helper's parameter
            return
        if verb == "add_middleware":
            entry = self.middleware.added(call)
            if entry is None or self._maybe_not_run(call, name):
                self.unknown.add(name)
            else:
                self.added.setdefault(name, []).append((call.start_byte, entry))
        elif verb == "include_router":
            inclusion = self._inclusion(name, call)
            if inclusion is not None:
                self.inclusions.append(inclusion)

    def _inclusion(self, owner: str, call: Node) -> Inclusion | None:
        positional, keywords, splat = arguments(call)
        router = positional[0] if positional else keywords.get("router")
        if router is None or router.type not in ("identifier", "attribute"):
            return None
        written = self.text(router)
        holder, _, attribute = written.rpartition(".")
        module, name = self.imports.get(holder or written, ("", ""))
        if holder:  # `items.router`: `from .routers import items`, `import app.routers.items [as items]`
            module, name = (f"{module}.{name}" if name else module or holder), attribute
        elif not name:  # a router of this module
            module, name = "", written
        prefix = self.values.string(keywords["prefix"]) if "prefix" in keywords else ("" if not splat else None)
        return Inclusion(owner, written, module.lstrip(".") or None, name, prefix, self.values.location(call))

    # ---- decorators: routes and http middleware -----------------------------------------------------------

    def _decorated(self, decorated: Node) -> None:
        definition = decorated.child_by_field_name("definition")
        if definition is None or definition.type != "function_definition":
            return
        for decorator in decorated.named_children:
            call = decorator.named_child(0) if decorator.type == "decorator" else None
            function = call.child_by_field_name("function") if call is not None else None
            if call is None or function is None or function.type != "attribute":
                continue
            target, verb = function.child_by_field_name("object"), function.child_by_field_name("attribute")
            if target is None or verb is None:
                continue
            owner, word = self.text(target), self.text(verb)
            if owner not in self.owners:
                self.elsewhere.update([ANY_APP] if word == "middleware" else [])
            elif word == "middleware":
                entry = self.writes.http_middleware(definition, call)
                if self._maybe_not_run(decorated, owner):
                    self.unknown.add(owner)
                else:
                    self.added.setdefault(owner, []).append((call.start_byte, entry))
            elif word in _ROUTE_METHODS:
                route = self._route(owner, word, call, definition)
                if route is not None:
                    self.routes.append(route)

    def _route(self, owner: str, verb: str, call: Node, definition: Node) -> Route | None:
        positional, keywords, _ = arguments(call)
        path_node = positional[0] if positional else keywords.get("path")
        path = self.values.string(path_node)
        if path is None or path_node is None:
            return None
        methods: tuple[str, ...] | None = _ROUTE_METHODS[verb]
        if methods is None:
            known, listed = self.values.literal(keywords["methods"]) if "methods" in keywords else (True, ("GET",))
            if not known or not isinstance(listed, tuple) or not all(isinstance(m, str) for m in listed):
                return None
            methods = tuple(str(m).upper() for m in listed)
        name = definition.child_by_field_name("name")
        writes, uncertain = self.writes.route_writes(definition)
        return Route(
            owner,
            path,
            methods,
            self.values.location(path_node),
            self.text(name) if name is not None else "?",
            writes,
            uncertain,
        )

    def _maybe_not_run(self, node: Node, owner: str) -> bool:
        """Inside an `if`, a loop, a `try`, a `with`, or in another function than the one making the app (it
        may never be called, or be called twice)."""
        function, branch = self.context.get(node.id, (None, True))
        return branch or function != self.scopes.get(owner)

    def text(self, node: Node) -> str:
        return self.values.node_text(node)


def _walk_in_context(root: Node) -> list[tuple[Node, int | None, bool]]:
    """Every node in source order with the id of the innermost function around it (None at module level)
    and whether it sits in a branch; without recursion and without `Node.parent` (a search from the root)."""
    found: list[tuple[Node, int | None, bool]] = []
    stack: list[tuple[Node, int | None, bool]] = [(root, None, False)]
    while stack:
        node, function, branch = stack.pop()
        found.append((node, function, branch))
        inner = node.id if node.type == "function_definition" else function
        inside = branch or node.type in _BRANCHES
        stack.extend((child, inner, inside) for child in reversed(node.children))
    return found
