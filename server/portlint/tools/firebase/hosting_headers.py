"""firebase.json → `hosting.headers` that add Access-Control-Allow-Origin, and `hosting.rewrites` to Cloud
Functions with whether each function applies a CORS middleware. The functions' source (`functions/index.js`
or the folder `functions.source` names) is read from disk and parsed with tree-sitter-javascript, never run:
`cors` from the `cors` package (`app.use(cors())`, `cors(req, res, ...)`) or `onRequest({cors: ...}, ...)`.
TypeScript sources are read with the JavaScript grammar, which recovers around type annotations."""

from __future__ import annotations

import os
from collections.abc import Iterator

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

from ...core.cors_facts import HostingFunctionRewrite, HostingHeaderRule
from ...core.facts import ParseResult
from ...core.model import Location
from ...core.text import LineIndex
from ...readers.disk import Unreadable, read_regular_file
from ...readers.jsonc import JNode, parse_jsonc
from ...readers.syntax_tree import walk
from .firebase_json import parse_firebase

_JAVASCRIPT = Language(tree_sitter_javascript.language())
_ENTRY_FILES = ("index.js", "index.ts", "src/index.ts", "src/index.js", "lib/index.js")


def parse_firebase_file(path: str, text: str) -> ParseResult:
    """firebase.json's emulator ports (portlint.tools.firebase.firebase_json) plus its hosting CORS facts."""
    result = parse_firebase(path, text)
    result.facts.extend(hosting_cors(path, text))
    return result


def hosting_cors(path: str, text: str) -> list[HostingHeaderRule | HostingFunctionRewrite]:
    root, _ = parse_jsonc(path, text, trailing_commas=False)
    if root is None:
        return []
    hosting = root.get("hosting")
    sites = hosting.elements() if hosting is not None and hosting.kind == "array" else [hosting] if hosting else []
    functions = _functions_cors(os.path.dirname(path), root)
    facts: list[HostingHeaderRule | HostingFunctionRewrite] = []
    for site in sites:
        facts.extend(_header_rules(path, site))
        facts.extend(_rewrites(path, site, functions))
    return facts


def _source(entry: JNode) -> str | None:
    for key in ("source", "glob"):
        node = entry.get(key)
        if node is not None and isinstance(node.value, str):
            return node.value
    return None


def _header_rules(path: str, site: JNode) -> Iterator[HostingHeaderRule]:
    rules = site.get("headers")
    for entry in rules.elements() if rules is not None else []:
        source = _source(entry)
        headers = entry.get("headers")
        for header in headers.elements() if headers is not None and source is not None else []:
            key, value = header.get("key"), header.get("value")
            if key is None or not isinstance(key.value, str) or key.value.lower() != "access-control-allow-origin":
                continue
            shown = value.value if value is not None and isinstance(value.value, str) else "?"
            yield HostingHeaderRule(path, source or "", shown, key.location)


def _rewrites(
    path: str, site: JNode, functions: tuple[bool, dict[str, Location | None]]
) -> Iterator[HostingFunctionRewrite]:
    read, cors = functions
    rewrites = site.get("rewrites")
    for entry in rewrites.elements() if rewrites is not None else []:
        source, function = _source(entry), entry.get("function")
        if function is not None and function.kind == "object":
            function = function.get("functionId")
        if source is None or function is None or not isinstance(function.value, str):
            continue
        name = function.value
        yield HostingFunctionRewrite(path, source, name, function.location, cors.get(name), read and name in cors)


def _functions_cors(folder: str, root: JNode) -> tuple[bool, dict[str, Location | None]]:
    """(read, {exported function: where it applies a CORS middleware, or None})."""
    config = root.get("functions")
    if config is not None and config.kind == "array":
        config = next(iter(config.elements()), None)
    source = config.get("source") if config is not None else None
    base = os.path.join(folder, source.value if source is not None and isinstance(source.value, str) else "functions")
    for entry in _ENTRY_FILES:
        candidate = os.path.join(base, entry)
        data = read_regular_file(candidate)
        if isinstance(data, Unreadable) and data.missing:
            continue
        if isinstance(data, Unreadable) or b"\0" in data:
            return False, {}
        return True, exported_cors(candidate, data.decode("utf-8", errors="replace"))
    return False, {}


def exported_cors(path: str, text: str) -> dict[str, Location | None]:
    """Each exported function's CORS middleware location (None: none found) in one JS/TS source."""
    source = text.encode("utf-8")
    index = LineIndex(text)
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
