"""The Access-Control-* headers a function body sets on a response: `headers.add/set/setdefault/extend/
update`, `headers[...] =`, `response.access_control_allow_origin =`, `Response(headers=...)`,
`make_response(..., {...})` and a returned `(body, status, {...})` tuple. Only literal names and values are
known; the request's own Origin (`request.origin`, `request.headers.get("Origin")`) is an echo."""

from __future__ import annotations

from msgspec.structs import replace
from tree_sitter import Node

from ...readers.syntax_tree import walk
from .cors_facts import HeaderWrite
from .cors_syntax import Syntax, arguments, last_word
from .python_tree import body_nodes

_ECHO_EXPRESSIONS = frozenset(
    {
        "request.origin",
        'request.headers.get("origin")',
        'request.headers["origin"]',
        'request.environ.get("http_origin")',
    }
)
_MODES = {"add": "add", "add_header": "add", "set": "set", "setdefault": "default"}
_ATTRIBUTES = {
    "access_control_allow_origin": "access-control-allow-origin",
    "access_control_allow_credentials": "access-control-allow-credentials",
    "access_control_allow_methods": "access-control-allow-methods",
    "access_control_allow_headers": "access-control-allow-headers",
}
_CORS_HEADERS = frozenset(_ATTRIBUTES.values())
Found = tuple[list[HeaderWrite], bool]  # the writes, and whether some header name could not be read


def header_writes(syntax: Syntax, definition: Node) -> tuple[tuple[HeaderWrite, ...], bool]:
    """Access-Control-* headers a function body sets on a response, in source order. Opaque when it names a
    CORS header in a way not read here (the header set through a helper, a dict built elsewhere)."""
    body = definition.child_by_field_name("body")
    writes: list[HeaderWrite] = []
    opaque = False
    if body is None:
        nodes = []
    elif syntax.file.walked:  # a tree with errors, or a large one: see python_tree.py
        nodes = list(walk(body, not_into=("function_definition", "lambda")))
    else:
        nodes = body_nodes(body)
    for node in nodes:
        found, unknown = _write(syntax, node)
        writes.extend(found)
        opaque = opaque or unknown
    named = sum(1 for node in nodes if node.type == "string" and _names_cors_header(syntax, node))
    return tuple(writes), opaque or named > sum(1 for w in writes if w.keyed)


def _names_cors_header(syntax: Syntax, node: Node) -> bool:
    text = syntax.text(node)
    if "\\" not in text and "access-control-" not in text.lower():
        return False  # without escapes, a string's value is written in it
    known, value = syntax.literal(node)
    return known and isinstance(value, str) and value.lower() in _CORS_HEADERS


def _write(syntax: Syntax, node: Node) -> Found:
    if node.type == "call":
        return _call(syntax, node)
    if node.type == "assignment":
        return _assignment(syntax, node)
    if node.type == "return_statement":
        returned = node.named_child(0) if node.named_child_count else None  # a bare `return`
        if returned is not None and returned.type in ("tuple", "expression_list"):
            for element in returned.named_children[1:]:
                if element.type == "dictionary":
                    return _mapping(syntax, element, "set", node)
    return [], False


def _call(syntax: Syntax, node: Node) -> Found:
    function = node.child_by_field_name("function")
    name = syntax.callee_name(node)
    positional = syntax.positional(node)
    if function is not None and function.type == "attribute" and name in _MODES and len(positional) >= 2:
        known, key = syntax.literal(positional[0])
        if _on_headers(syntax, function) or (known and isinstance(key, str) and key.lower() in _CORS_HEADERS):
            return _pair(syntax, positional[0], positional[1], _MODES[name], node)
    on_headers = function is not None and function.type == "attribute" and _on_headers(syntax, function)
    if on_headers and name in ("extend", "update") and positional:
        return _mapping(syntax, positional[0], "add" if name == "extend" else "set", node)
    if name in ("Response", "make_response"):
        headers = syntax.keyword(node, "headers")
        if headers is not None:
            return _mapping(syntax, headers, "set", node)
        if name == "make_response":
            for argument in arguments(node):
                if argument.type in ("dictionary", "list"):
                    return _mapping(syntax, argument, "set", node)
    return [], False


def _assignment(syntax: Syntax, node: Node) -> Found:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return [], False
    if left.type == "subscript":
        value, key = left.child_by_field_name("value"), left.child_by_field_name("subscript")
        known, name = syntax.literal(key) if key is not None else (False, None)
        cors = known and isinstance(name, str) and name.lower() in _CORS_HEADERS  # `header = response.headers`
        if value is not None and key is not None and (last_word(syntax.text(value)) == "headers" or cors):
            return _pair(syntax, key, right, "set", node)
    if left.type == "attribute":
        attribute = left.child_by_field_name("attribute")
        header = _ATTRIBUTES.get(syntax.text(attribute) if attribute is not None else "")
        if header is not None:
            return [_header(syntax, header, right, "set", node, keyed=False)], False
    return [], False


def _on_headers(syntax: Syntax, function: Node) -> bool:
    obj = function.child_by_field_name("object")
    return obj is not None and last_word(syntax.text(obj)) == "headers"


def _pair(syntax: Syntax, key: Node, value: Node, mode: str, statement: Node) -> Found:
    known, name = syntax.literal(key)
    if not known or not isinstance(name, str):
        return [], True
    if not name.lower().startswith("access-control-"):
        return [], False
    return [_header(syntax, name.lower(), value, mode, statement)], False


def _mapping(syntax: Syntax, mapping: Node, mode: str, statement: Node) -> Found:
    """A dict literal (or a list of pairs) of headers; anything else hides what it sets."""
    pairs = _pairs(mapping)
    if pairs is None:
        return [], True
    writes: list[HeaderWrite] = []
    for key, value in pairs:
        found, unknown = _pair(syntax, key, value, mode, statement)
        if unknown:
            return [], True
        writes.extend(found)
    # a removal fix may delete the statement only when it sets nothing else
    if len(pairs) > 1 or statement.type != "call" or syntax.callee_name(statement) in ("Response", "make_response"):
        writes = [replace(w, removal=None) for w in writes]
    return writes, False


def _pairs(mapping: Node) -> list[tuple[Node, Node]] | None:
    pairs: list[tuple[Node, Node]] = []
    if mapping.type == "dictionary":
        for pair in mapping.named_children:
            key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
            if pair.type != "pair" or key is None or value is None:
                return None
            pairs.append((key, value))
        return pairs
    if mapping.type == "list":
        for item in mapping.named_children:
            first, second = (item.named_child(0), item.named_child(1)) if item.named_child_count == 2 else (None, None)
            if item.type != "tuple" or first is None or second is None:
                return None
            pairs.append((first, second))
        return pairs
    return None


def _header(syntax: Syntax, name: str, value: Node, mode: str, statement: Node, keyed: bool = True) -> HeaderWrite:
    known, literal = syntax.literal(value)
    text = syntax.text(value).replace("'", '"').replace(" ", "").lower()
    echo = text in _ECHO_EXPRESSIONS or text.startswith(('request.headers.get("origin"', "request.origin"))
    if known and isinstance(literal, bool):
        literal = "true" if literal else "false"
    return HeaderWrite(
        name,
        literal if known and isinstance(literal, str) else None,
        echo,
        mode,
        syntax.conditional(statement),
        syntax.location(value),
        syntax.removal(statement),
        keyed,
    )
