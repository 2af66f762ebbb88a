"""A call's arguments as tree-sitter gives them, also in a call still being typed (the grammar leaves it in
an ERROR node), the variable a value is assigned to, and where `port=N` goes into a run call that has none."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ...core.model import Insertion, Location, Range
from .python_index import PythonIndex


def open_callee(file: PythonIndex, node: Node) -> Node | None:
    """The callee when `node` is a call's function, or an attribute followed by `(` in a broken call."""
    if node.type == "call":
        function = node.child_by_field_name("function")
        return function if function is not None and function.type == "attribute" else None
    if node.type == "attribute":
        parent = file.parent(node)
        if parent is not None and parent.type == "ERROR" and file.followed_by_paren(node):
            return node
    return None


def assigned_to(file: PythonIndex, value: Node) -> str | None:
    """The variable a value is assigned to: `app = Flask(...)`, also inside an ERROR node."""
    parent = file.parent(value)
    if parent is None:
        return None
    if parent.type == "assignment" and parent.child_by_field_name("right") == value:
        left = parent.child_by_field_name("left")
        return file.node_text(left) if left is not None and left.type in ("identifier", "attribute") else None
    if parent.type == "ERROR":
        before = file.sibling(value, -1)
        target = file.sibling(value, -2) if before is not None and before.type == "=" else None
        if target is not None and target.type in ("identifier", "attribute"):
            return file.node_text(target)
    return None


def call_arguments(file: PythonIndex, call: Node, callee: Node | None = None) -> Iterator[Node]:
    """A call's argument nodes; for a broken call inside an ERROR node, the siblings after its `(`."""
    if call.type == "call":
        arguments = call.child_by_field_name("arguments")
        if arguments is not None:
            yield from (a for a in arguments.named_children if a.type != "comment")
        return
    opening = callee or call
    sibling = file.sibling(opening, 1)
    if sibling is None or sibling.type != "(":
        return
    step = 2
    sibling = file.sibling(opening, step)
    while sibling is not None and sibling.type != ")":
        if sibling.is_named and sibling.type not in ("comment", "ERROR"):
            yield sibling
        step += 1
        sibling = file.sibling(opening, step)


def host_and_port(file: PythonIndex, arguments: list[Node]) -> tuple[Node | None, Node | None, bool]:
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
                found.setdefault(file.node_text(name), value)
        elif not splat:  # positions after a `*args` are unknown
            found.setdefault(("host", "port")[position] if position < 2 else "", argument)
            position += 1
    return found.get("host"), found.get("port"), splat


def port_insertion(file: PythonIndex, call: Node, arguments: list[Node], port_node: Node | None) -> Insertion | None:
    """Where `port=N` goes: as a keyword after the last argument (after any positional one, and never
    taken for the host), on its own line when the arguments sit on theirs; over a `None` port. Only in
    a call that parses cleanly."""
    text = file.text
    argument_list = call.child_by_field_name("arguments") if call.type == "call" else None
    if argument_list is None or argument_list.type != "argument_list" or call.has_error:
        return None
    if port_node is not None:
        return Insertion(file.location(port_node), "") if port_node.type == "none" else None
    if not arguments:
        row, column = argument_list.start_point
        after_paren = text.point(row, column + 1)
        return Insertion(Location(file.path, Range(after_paren, after_paren)), "port=")
    last = arguments[-1]
    end = text.point(*last.end_point)
    at = Location(file.path, Range(end, end))
    row = last.start_point[0]
    before_last = text.text[text.line_start(row) : text.point_offset(*last.start_point)]
    if row > argument_list.start_point[0] and before_last.strip(" \t") == "":  # the argument's indentation
        return Insertion(at, f",{text.eol}{before_last}port=")
    return Insertion(at, ", port=")


def last_name(node: Node) -> str | None:
    """The name after the last dot of an attribute (`run` of `app.run`); None for anything else."""
    if node.type != "attribute":
        return None
    name = node.child_by_field_name("attribute")
    return name.text.decode("utf-8", errors="replace") if name is not None and name.text is not None else None
