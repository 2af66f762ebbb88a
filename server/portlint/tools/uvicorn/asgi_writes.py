"""The `Access-Control-*` headers a FastAPI route or an `@app.middleware("http")` function writes: as
Starlette's `MutableHeaders` takes them (`headers[name] = v` replaces every line of that name, `append` adds
one, `setdefault` only when absent), and `JSONResponse(headers={...})`. A write in a branch, with a name or
value that is not a literal, or any other mention of an Access-Control header makes the function uncertain."""

from __future__ import annotations

from tree_sitter import Node

from ...readers.syntax_tree import walk
from .asgi_facts import HeaderWrite, HttpMiddleware
from .asgi_values import Values, arguments, last_word

_BRANCHES = frozenset(
    {"if_statement", "for_statement", "while_statement", "try_statement", "match_statement", "conditional_expression"}
)
_MODES = {"append": "add", "setdefault": "default"}
_ECHOES = ('request.headers.get("origin"', 'request.headers["origin"]')
_PREFIX = "access-control-"


class WriteReader:
    def __init__(self, values: Values) -> None:
        self.values = values

    def http_middleware(self, definition: Node, at: Node) -> HttpMiddleware:
        writes, uncertain = self._writes(definition)
        name = definition.child_by_field_name("name")
        return HttpMiddleware(
            self.values.node_text(name) if name is not None else "?",
            self.values.location(at),
            writes,
            uncertain or self._answers_itself(definition),
        )

    def route_writes(self, definition: Node) -> tuple[tuple[HeaderWrite, ...], bool]:
        return self._writes(definition)

    def _writes(self, definition: Node) -> tuple[tuple[HeaderWrite, ...], bool]:
        body = definition.child_by_field_name("body")
        writes: list[HeaderWrite] = []
        uncertain = False
        read: set[int] = set()  # the header-name strings the writes account for
        mentions: list[Node] = []
        branch: dict[int, bool] = {}  # node id → inside a branch of this function
        for node, in_branch in _walk_with_branches(body, branch) if body is not None else ():
            if node.type == "string" and self.values.node_text(node).lower().strip("'\"rbuf").startswith(_PREFIX):
                mentions.append(node)
                continue
            found, unsure, names = self._write(node)
            if found and in_branch:
                unsure = True
            writes.extend(found)
            read.update(names)
            uncertain = uncertain or unsure
        uncertain = uncertain or any(node.id not in read for node in mentions)
        return tuple(writes), uncertain

    def _write(self, node: Node) -> tuple[list[HeaderWrite], bool, list[int]]:
        """The writes one node makes, whether it hides one, and the ids of the names it writes."""
        if node.type == "assignment":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and left.type == "subscript":
                owner, key = left.child_by_field_name("value"), left.child_by_field_name("subscript")
                if owner is not None and key is not None and last_word(self.values.node_text(owner)) == "headers":
                    return self._pair(key, right, "set", node)
        elif node.type == "call":
            function = node.child_by_field_name("function")
            positional, keywords, _ = arguments(node)
            if function is not None and function.type == "attribute":
                owner = function.child_by_field_name("object")
                verb = last_word(self.values.node_text(function))
                if owner is not None and last_word(self.values.node_text(owner)) == "headers":
                    if verb in _MODES and len(positional) == 2:
                        return self._pair(positional[0], positional[1], _MODES[verb], node)
                    if verb == "update" and len(positional) == 1:
                        return self._mapping(positional[0], node)
            name = self.values.node_text(function) if function is not None else ""
            if last_word(name).endswith("Response") and "headers" in keywords:
                return self._mapping(keywords["headers"], node)
        elif node.type == "delete_statement" and "headers" in self.values.node_text(node):
            return [], _PREFIX in self.values.node_text(node).lower(), []
        return [], False, []

    def _mapping(self, mapping: Node, statement: Node) -> tuple[list[HeaderWrite], bool, list[int]]:
        if mapping.type != "dictionary":
            return [], True, []  # `headers=headers`: who knows what it holds
        writes: list[HeaderWrite] = []
        names: list[int] = []
        for pair in mapping.named_children:
            key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
            if pair.type == "comment":
                continue
            if pair.type != "pair" or key is None or value is None:
                return [], True, []
            found, unsure, ids = self._pair(key, value, "set", statement)
            if unsure:
                return [], True, []
            writes.extend(found)
            names.extend(ids)
        return writes, False, names

    def _pair(self, key: Node, value: Node, mode: str, statement: Node) -> tuple[list[HeaderWrite], bool, list[int]]:
        name = self.values.string(key)
        if name is None:
            return [], True, []
        if not name.lower().startswith(_PREFIX):
            return [], False, []
        literal = self.values.string(value)
        written = self.values.node_text(value).replace("'", '"').replace(" ", "").lower()
        echo = written.startswith(_ECHOES)
        unsure = literal is None and not echo
        write = HeaderWrite(name.lower(), literal, echo, mode, self.values.location(statement))
        return [write], unsure, [key.id]

    def _answers_itself(self, definition: Node) -> bool:
        """A `return` of anything but the response `call_next` gave (outside an `except`): the function
        answers some requests itself (an OPTIONS short-cut, a 401), which reading cannot follow."""
        body = definition.child_by_field_name("body")
        passed: set[str] = set()
        for node in walk(body, not_into=("function_definition", "lambda")) if body is not None else ():
            if node.type == "assignment" and "call_next" in self.values.node_text(node):
                left = node.child_by_field_name("left")
                passed.update([self.values.node_text(left)] if left is not None else [])
        for node in _walk_outside_except(body) if body is not None else ():
            if node.type != "return_statement":
                continue
            returned = node.named_child(0) if node.named_child_count else None
            text = self.values.node_text(returned) if returned is not None else ""
            if text not in passed and "call_next" not in text:
                return True
        return False


def _walk_with_branches(root: Node, memo: dict[int, bool]) -> list[tuple[Node, bool]]:
    """Every node of a function body (not nested functions) with whether it sits in a branch."""
    found: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, in_branch = stack.pop()
        found.append((node, in_branch))
        memo[node.id] = in_branch
        if node is not root and node.type in ("function_definition", "lambda", "class_definition"):
            continue
        inner = in_branch or node.type in _BRANCHES
        stack.extend((child, inner) for child in reversed(node.children))
    return found


def _walk_outside_except(root: Node) -> list[Node]:
    return [
        node
        for node in walk(root, not_into=("function_definition", "lambda", "except_clause", "class_definition"))
        if node.type != "except_clause"
    ]
