"""Where a parsed Python file sets Flask's SERVER_NAME: `app.config["SERVER_NAME"] = "localhost:8000"`,
`app.config.update(SERVER_NAME=...)`, `.from_mapping(...)`, `.update({"SERVER_NAME": ...})`."""

from __future__ import annotations

from tree_sitter import Node

from .calls import call_arguments, last_name
from .python_index import PythonIndex
from .python_values import literal_text


def server_name_settings(index: PythonIndex, node: Node) -> list[tuple[Node, Node]]:
    """(the expression whose `.config` is set, the value) for each SERVER_NAME an assignment or a call sets."""
    if node.type == "assignment":
        found = _item(index, node)
    elif node.type == "call":
        found = _update(index, node)
    else:
        found = []
    return [
        (owner, value)
        for config, value in found
        if config.type == "attribute"
        and last_name(config) == "config"
        and (owner := config.child_by_field_name("object")) is not None
    ]


def _item(index: PythonIndex, assignment: Node) -> list[tuple[Node, Node]]:
    left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
    if left is None or right is None or left.type != "subscript":
        return []
    config, key = left.child_by_field_name("value"), left.child_by_field_name("subscript")
    if config is None or key is None or literal_text(index, key) != "SERVER_NAME":
        return []
    return [(config, right)]


def _update(index: PythonIndex, call: Node) -> list[tuple[Node, Node]]:
    function = call.child_by_field_name("function")
    if function is None or function.type != "attribute" or last_name(function) not in ("update", "from_mapping"):
        return []
    config = function.child_by_field_name("object")
    if config is None:
        return []
    found: list[tuple[Node, Node]] = []
    for argument in call_arguments(index, call):
        if argument.type == "keyword_argument":
            name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
            if name is not None and value is not None and index.node_text(name) == "SERVER_NAME":
                found.append((config, value))
        elif argument.type == "dictionary":
            for pair in argument.named_children:
                key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                if key is not None and value is not None and literal_text(index, key) == "SERVER_NAME":
                    found.append((config, value))
    return found
