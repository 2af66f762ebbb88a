"""A Cloud Functions source file (`functions/index.js`, or the folder `functions.source` in firebase.json
names) → the functions it exports, each with whether it applies a CORS middleware: `cors` from the `cors`
package (`app.use(cors())`, `cors(req, res, ...)`) or `onRequest({cors: ...}, ...)`. Parsed with
tree-sitter-javascript, never run; TypeScript sources are read with the JavaScript grammar, which recovers
around type annotations. The file is a referenced file: firebase.json names it, the workspace loads and
watches it like any config, and this parser only gets its text."""

from __future__ import annotations

from tree_sitter import Node, Parser

from ...core.facts import ParseResult
from ...core.model import Location
from ...core.text import SourceText
from ...readers.grammars import JAVASCRIPT, grammar
from ...readers.syntax_tree import walk
from .facts import FunctionExports

_JAVASCRIPT = grammar(JAVASCRIPT)


def parse_functions_source(path: str, text: str) -> ParseResult:
    return ParseResult(facts=[FunctionExports(path, tuple(exported_cors(path, text).items()))])


def exported_cors(path: str, text: str) -> dict[str, Location | None]:
    """Each exported function's CORS middleware location (None: none found) in one JS/TS source."""
    index = SourceText(text)
    source = index.source
    tree = Parser(_JAVASCRIPT).parse(source)

    def txt(node: Node) -> str:
        return source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def loc(node: Node) -> Location:
        return Location(path, index.point_range(node.start_point, node.end_point))

    nodes = list(walk(tree.root_node))
    cors_names: set[str] = set()
    for node in nodes:  # const cors = require("cors"); import cors from "cors"; const c = require("cors")({...})
        if node.type == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and value is not None and "require(" in txt(value) and _requires_cors(txt(value)):
                cors_names.add(txt(name))
        elif node.type == "import_statement" and _requires_cors(txt(node)):
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            default = clause.named_children[0] if clause is not None and clause.named_children else None
            if default is not None and default.type == "identifier":
                cors_names.add(txt(default))

    def cors_call(node: Node) -> Node | None:
        for inner in walk(node):
            if inner.type == "call_expression":
                function = inner.child_by_field_name("function")
                if function is not None and txt(function) in cors_names:
                    return inner
            if inner.type == "pair":
                key, value = inner.child_by_field_name("key"), inner.child_by_field_name("value")
                if key is not None and value is not None and txt(key).strip("\"'") == "cors" and txt(value) != "false":
                    return inner
        return None

    apps: dict[str, Node] = {}  # express apps with app.use(cors(...))
    for node in nodes:
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "member_expression" and txt(function).endswith(".use"):
                found = cors_call(node)
                obj = function.child_by_field_name("object")
                if found is not None and obj is not None:
                    apps[txt(obj)] = found
    exports: dict[str, Location | None] = {}
    for node in nodes:
        exported, value = _export(node, txt)
        if exported is None or value is None:
            continue
        found = cors_call(value)
        if found is None:
            found = next((apps[txt(n)] for n in walk(value) if n.type == "identifier" and txt(n) in apps), None)
        exports[exported] = loc(found) if found is not None else None
    return exports


def _requires_cors(text: str) -> bool:
    return "'cors'" in text or '"cors"' in text


def _export(node: Node, txt: object) -> tuple[str | None, Node | None]:
    """`exports.api = ...`, `module.exports.api = ...`, `export const api = ...`."""
    assert callable(txt)
    if node.type == "assignment_expression":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None and left.type == "member_expression":
            obj, prop = left.child_by_field_name("object"), left.child_by_field_name("property")
            if obj is not None and prop is not None and txt(obj) in ("exports", "module.exports"):
                return str(txt(prop)), right
    if node.type == "export_statement":
        declaration = node.child_by_field_name("declaration")
        for declarator in declaration.named_children if declaration is not None else []:
            if declarator.type == "variable_declarator":
                name = declarator.child_by_field_name("name")
                return (str(txt(name)) if name is not None else None), declarator.child_by_field_name("value")
    return None, None
