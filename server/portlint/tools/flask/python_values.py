"""What a simple Python expression evaluates to without running it: a literal, a module constant, a class
attribute (`Config.PORT`), the fallback of an environment read (`int(os.getenv("PORT", 8080))`,
`os.environ.get("PORT") or 5001`), or a name imported from another module (followed by the resolver).
Anything else (`args.port`, a value read from a file, a function's parameter) is decided at run time.
"""

from __future__ import annotations

import ast
from functools import cached_property

from msgspec import Struct
from tree_sitter import Node

from ...core.facts import Token
from .facts import ImportedName, PortFrom
from .python_index import PythonIndex

_ENV_GETTERS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv"})
_CONVERSIONS = frozenset({"int", "str"})
_MAX_DEPTH = 8  # `a = b`, `b = c`, ...: deeper chains (or cycles) are not followed


class Value(Struct, frozen=True):
    """What an expression evaluates to, as far as reading the source can tell."""

    token: Token | None = None  # the literal, or the fallback of an environment read
    literal: bool = True  # False: `token` is a fallback (the environment may say otherwise)
    imported: PortFrom | None = None  # another module's constant: the resolver reads it
    at_run_time: bool = False  # only the running program knows it
    none: bool = False  # the literal `None`


RUN_TIME = Value(at_run_time=True)


def imported_name(index: PythonIndex, alias: str) -> ImportedName | None:
    """Where a module-level name was imported from (`from X import Y as alias`), if it was."""
    for imported in index.imports:
        if imported.alias == alias and imported.module is not None and not imported.broken:
            module = imported.module
            level = len(module) - len(module.lstrip("."))
            return ImportedName(module[level:], level, imported.name)
    return None


class ValueReader:
    """Evaluates expressions of one parsed file. Assignments are indexed once per scope (the module, each
    function, each module-level class body)."""

    def __init__(self, index: PythonIndex) -> None:
        self.file = index
        self._assignments: dict[tuple[int, str], list[Node]] = {}  # (scope id, name) → right-hand sides
        self._classes: dict[str, int] = {}  # module-level class name → its body's scope id
        self._class_bodies: set[int] = set()
        self._parameters: set[tuple[int, str]] = set()
        for node in index.root.children:
            if node.type == "class_definition":
                name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
                if name is not None and body is not None:
                    self._classes[index.node_text(name)] = body.id
                    self._class_bodies.add(body.id)
        for node in index.of_kind("assignment"):
            self._index_assignment(node)
        for node in index.of_kind("parameter"):
            self._index_parameter(node)

    def _index_assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier":
            return
        self._assignments.setdefault((self._scope(node), self.file.node_text(left)), []).append(right)

    def _index_parameter(self, node: Node) -> None:
        """A parameter of a function (a child of its `parameters`): in a tree without errors, only a `def`
        has those, the innermost function around the parameter."""
        parameters = self.file.parent(node) if self.file.walked else None
        function = self.file.parent(parameters) if parameters is not None else self.file.function_of(node)
        name = node if node.type == "identifier" else node.child_by_field_name("name") or node.named_child(0)
        if name is not None and function is not None:
            self._parameters.add((function.id, self.file.node_text(name)))

    def _scope(self, node: Node) -> int:
        """The function a node sits in, or the module-level class body it is a statement of, or the module
        (-1). Constant time: deeply nested garbage must not cost a walk to the root per assignment."""
        function = self.file.function_of(node)
        if function is not None:
            return function.id
        return self._in_class_body.get(node.id, -1)

    @cached_property
    def _in_class_body(self) -> dict[int, int]:
        """The nodes within a statement of a module-level class body (`PORT = 5000` in `class Config:`) →
        that body's id."""
        found: dict[int, int] = {}
        for node in self.file.root.children:
            body = node.child_by_field_name("body") if node.type == "class_definition" else None
            if body is not None:
                found.update((part.id, body.id) for statement in body.children for part in statement.children)
        return found

    # ---- evaluation ---------------------------------------------------------------------------------

    def value(self, node: Node, depth: int = 0) -> Value:
        node = unparenthesized(node)
        if depth > _MAX_DEPTH:
            return RUN_TIME
        if node.type == "none":
            return Value(none=True)
        if node.type in ("integer", "string"):
            token = literal(self.file, node)
            return Value(token) if token is not None else RUN_TIME
        if node.type == "identifier":
            return self._name(node, depth)
        if node.type == "attribute":
            return self._attribute(node, depth)
        if node.type == "call":
            return self._call(node, depth)
        if node.type == "boolean_operator":
            return self._or(node, depth)
        return RUN_TIME

    def _name(self, node: Node, depth: int) -> Value:
        name = self.file.node_text(node)
        function = self.file.function_of(node)
        scopes = [function.id] if function is not None else []
        for scope in [*scopes, -1]:
            if (scope, name) in self._parameters:
                return RUN_TIME  # the caller decides
            right = self._last_before(self._assignments.get((scope, name), []), node)
            if right is not None:
                return self.value(right, depth + 1)
        source = imported_name(self.file, name)
        if source is not None:
            return Value(imported=PortFrom(source, None, self.file.location(node)))
        return RUN_TIME

    @staticmethod
    def _last_before(rights: list[Node], use: Node) -> Node | None:
        """The last assignment before the use, else (a function reading a global set later) the last one."""
        before = [r for r in rights if r.start_byte < use.start_byte]
        return before[-1] if before else (rights[-1] if rights else None)

    def _attribute(self, node: Node, depth: int) -> Value:
        owner, attribute = node.child_by_field_name("object"), node.child_by_field_name("attribute")
        if owner is None or attribute is None or owner.type != "identifier":
            return RUN_TIME  # `args.port`, `self.port`, `settings.server.port`
        owner_name, name = self.file.node_text(owner), self.file.node_text(attribute)
        body = self._classes.get(owner_name)
        if body is not None:
            right = self._last_before(self._assignments.get((body, name), []), node)
            return self.value(right, depth + 1) if right is not None else RUN_TIME
        source = imported_name(self.file, owner_name)
        if source is not None:
            return Value(imported=PortFrom(source, name, self.file.location(node)))
        return RUN_TIME

    def _call(self, node: Node, depth: int) -> Value:
        function = node.child_by_field_name("function")
        name = self.file.node_text(function) if function is not None else ""
        arguments = positional_and_keywords(self.file, node)
        if name in _CONVERSIONS:
            positional, _ = arguments
            return self.value(positional[0], depth + 1) if len(positional) == 1 else RUN_TIME
        if name not in _ENV_GETTERS:
            return RUN_TIME
        positional, keywords = arguments
        default = positional[1] if len(positional) > 1 else keywords.get("default", keywords.get("failobj"))
        if default is None:
            return RUN_TIME  # no fallback: the port is whatever the environment says (or Flask's default)
        fallback = self.value(default, depth + 1)
        return Value(fallback.token, False, fallback.imported, fallback.at_run_time, fallback.none)

    def _or(self, node: Node, depth: int) -> Value:
        """`os.environ.get("PORT") or 5001`: the right side when the left is an unset variable."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None or operator.type != "or":
            return RUN_TIME
        first = self.value(left, depth + 1)
        if first.token is not None and first.literal and first.token.text not in ("", "0"):
            return first
        fallback = self.value(right, depth + 1)
        return Value(fallback.token, False, fallback.imported, fallback.at_run_time, fallback.none)


# ---- literals and arguments ------------------------------------------------------------------------


def literal_text(index: PythonIndex, node: Node) -> str | None:
    """The text of an int or str literal (see `literal`)."""
    token = literal(index, node)
    return token.text if token is not None else None


def literal(index: PythonIndex, node: Node | None) -> Token | None:
    """An int or str literal as a token over its digits / its content without quotes."""
    if node is None:
        return None
    node = unparenthesized(node)
    if node.type not in ("integer", "string") or node.has_error:
        return None
    if any(child.type == "interpolation" for child in node.named_children):
        return None
    try:
        value = ast.literal_eval(index.node_text(node))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return Token(str(value), index.location(node))
    if not isinstance(value, str):
        return None  # bytes
    start, end = node.child(0), node.child(node.child_count - 1)
    if start is None or end is None or start.type != "string_start" or end.type != "string_end":
        return None
    return Token(value, index.between(start.end_point, end.start_point))


def positional_and_keywords(index: PythonIndex, call: Node) -> tuple[list[Node], dict[str, Node]]:
    """A well-formed call's positional arguments and keyword arguments by name."""
    arguments = call.child_by_field_name("arguments")
    positional: list[Node] = []
    keywords: dict[str, Node] = {}
    for argument in arguments.named_children if arguments is not None else []:
        if argument.type == "keyword_argument":
            name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
            if name is not None and value is not None:
                keywords.setdefault(index.node_text(name), value)
        elif argument.type != "comment":
            positional.append(argument)
    return positional, keywords


def unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        inner = node.named_child(0)
        if inner is None:
            break
        node = inner
    return node
