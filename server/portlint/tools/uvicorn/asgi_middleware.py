"""The middleware an app gets, read from `Middleware(Cls, ...)` items of `FastAPI(middleware=[...])` and from
`app.add_middleware(Cls, ...)` calls, in the order Starlette stacks them."""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from .asgi_facts import ClassMiddleware, CorsMiddlewareUse, Middleware, Option, Owner
from .asgi_values import Values, arguments, last_word
from .asgi_writes import WriteReader


class MiddlewareReader:
    def __init__(
        self, values: Values, writes: WriteReader, named: Callable[[Node | None, str], bool], functions: dict[str, Node]
    ) -> None:
        self.values, self.writes, self.named, self.functions = values, writes, named, functions

    def listed(self, node: Node | None) -> tuple[tuple[Middleware, ...], bool]:
        """`middleware=[Middleware(CORSMiddleware, ...), ...]`: outermost first; True when not readable."""
        if node is None:
            return (), False
        node = self.values.constant(node)  # `middleware = [...]` … `FastAPI(middleware=middleware)`
        if node.type not in ("list", "tuple"):
            return (), True
        found: list[Middleware] = []
        for item in node.named_children:
            if item.type == "comment":
                continue
            if item.type != "call" or not self.named(item.child_by_field_name("function"), "Middleware"):
                return (), True
            entry = self.added(item)
            if entry is None:
                return (), True
            found.append(entry)
        return tuple(found), False

    def added(self, call: Node) -> Middleware | None:
        """The middleware a `Middleware(Cls, ...)` / `app.add_middleware(Cls, ...)` call adds; None when the
        class is not a name."""
        positional, keywords, splat = arguments(call)
        if not positional or positional[0].type not in ("identifier", "attribute"):
            return None
        cls = positional[0]
        if self.named(cls, "CORSMiddleware"):
            options = tuple(self._option(name, value) for name, value in keywords.items())
            return CorsMiddlewareUse(self.values.location(call), options, splat or len(positional) > 1)
        if self.named(cls, "BaseHTTPMiddleware") and "dispatch" in keywords:
            dispatch = self.functions.get(self.values.node_text(keywords["dispatch"]))
            if dispatch is not None:
                return self.writes.http_middleware(dispatch, call)
        return ClassMiddleware(last_word(self.values.node_text(cls)), self.values.location(call))

    def _option(self, name: str, value: Node) -> Option:
        known, literal = self.values.literal(value)
        return Option(name, literal, known, self.values.location(value))


def with_middleware(owner: Owner, added: list[tuple[int, Middleware]], unknown: bool) -> Owner:
    """The app with its added middleware in front of its listed one: Starlette inserts each addition at 0, so
    the last added is the outermost."""
    ordered = tuple(entry for _, entry in sorted(added, key=lambda pair: -pair[0]))
    return Owner(
        owner.name,
        owner.kind,
        owner.location,
        owner.prefix,
        ordered + owner.middleware,
        owner.middleware_unknown or unknown,
    )
