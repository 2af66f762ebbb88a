"""Finding the nodes of a Python tree the Flask readers look at, without a Python walk over every node when
that can be avoided, and the functions a node sits in.

A tree-sitter query runs in C and finds the few nodes of the kinds asked for at a fraction of the cost of a
Python walk. Its cost is not linear on every shape, though: on a node with thousands of children inside an
ERROR (20,000 `[`) it took a second, on 40,000 nested calls seven. So the query runs on trees without errors
of up to `QUERY_LIMIT` bytes (any real module; nested garbage of that size takes a few ms), and anything
else gets the linear walk (`Walk`) the readers used before.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from tree_sitter import Node, Query, QueryCursor

from ...readers.python_parse import PYTHON

FUNCTION_DEFINITION = PYTHON.id_for_node_kind("function_definition", True)
QUERY_LIMIT = 64 * 1024
# The kinds the readers look for, and the few nodes told by their place: imports, parameters of a
# function, an attribute in an ERROR node (a call still being typed: none in a tree without errors).
KINDS = ("assignment", "call", "decorated_definition", "class_definition", "function_definition", "string_content")
_PARAMETER_KINDS = ("identifier", "default_parameter", "typed_parameter", "typed_default_parameter")
_IMPORTS = ("import_statement", "import_from_statement")
# What a function body does (the statements that may write a header), and the functions nested in it.
_BODY_KINDS = ("call", "assignment", "return_statement", "string")
_NESTED = ("function_definition", "lambda")


@cache
def _query(*kinds: str) -> Query:
    """One pattern, one capture: compiling a query costs about 0.8 ms per pattern, finding more nodes far
    less, so the nodes are told apart by their type afterwards (and the query is made on first use)."""
    query: Query = Query(PYTHON, f"[{' '.join(f'({kind})' for kind in kinds)}] @node")
    return query


def source_order(node: Node) -> tuple[int, int]:
    """Sorting by this puts nodes in pre-order: by start, an ancestor before a descendant."""
    return node.start_byte, -node.end_byte


def query_kinds(root: Node, size: int) -> dict[str, list[Node]] | None:
    """The nodes of each kind (in no particular order), or None when the tree is one to walk instead."""
    if root.has_error or size > QUERY_LIMIT:
        return None
    found: dict[str, list[Node]] = {}
    for node in _captured(root, *KINDS, *_IMPORTS, "parameters"):
        kind = node.type
        if kind in _IMPORTS:
            found.setdefault("import", []).append(node)
        elif kind == "parameters":
            found.setdefault("parameter", []).extend(c for c in node.children if c.type in _PARAMETER_KINDS)
        else:
            found.setdefault(kind, []).append(node)
    return found


def _captured(root: Node, *kinds: str) -> list[Node]:
    return QueryCursor(_query(*kinds)).captures(root).get("node", [])


def body_nodes(body: Node) -> list[Node]:
    """The calls, assignments, return statements and strings of a function body (one with no error of a
    file of at most `QUERY_LIMIT` bytes: see the module's doc), in source order, without those of the
    functions and lambdas nested in it."""
    found = sorted(_captured(body, *_BODY_KINDS, *_NESTED), key=source_order)
    nodes = [node for node in found if node.type in _BODY_KINDS]
    nested = [node for node in found if node.type in _NESTED]
    outer: list[Node] = []  # the nested functions not inside another one (two are nested or apart)
    for function in nested:
        if not outer or function.start_byte >= outer[-1].end_byte:
            outer.append(function)
    if not outer:
        return nodes
    starts = [function.start_byte for function in outer]
    kept = []
    for node in nodes:
        index = bisect_right(starts, node.start_byte) - 1
        if index < 0 or node.end_byte > outer[index].end_byte:
            kept.append(node)
    return kept


class Walk:
    """Every node in source order, each one's parent, place among its parent's children and enclosing
    functions: one pre-order pass without recursion (deeply nested garbage must not overflow the stack),
    which keeps its lookups in locals."""

    def __init__(self, root: Node) -> None:
        self.nodes: list[Node] = []
        self.parent: dict[int, Node] = {}
        self.slot: dict[int, int] = {}
        self.function: dict[int, Node] = {}  # innermost enclosing function_definition
        self.outermost: dict[int, Node] = {}  # outermost enclosing function_definition (the app factory)
        stack: list[tuple[Node, Node | None, Node | None]] = [(root, None, None)]
        pop, push, visit = stack.pop, stack.append, self.nodes.append
        parents, slots, functions, outermosts = self.parent, self.slot, self.function, self.outermost
        while stack:
            node, function, outermost = pop()
            visit(node)
            if function is not None and outermost is not None:
                functions[node.id] = function
                outermosts[node.id] = outermost
            if node.kind_id == FUNCTION_DEFINITION:
                function, outermost = node, outermost or node
            children = node.children
            slot = len(children)
            for child in reversed(children):
                slot -= 1
                child_id = child.id
                parents[child_id] = node
                slots[child_id] = slot
                push((child, function, outermost))

    def kinds(self) -> dict[str, list[Node]]:
        """What `query_kinds` finds, from the walk."""
        found: dict[str, list[Node]] = {kind: [] for kind in (*KINDS, "import", "open_attribute", "parameter")}
        for node in self.nodes:
            kind = node.type
            if kind in found:
                found[kind].append(node)
            elif kind in _IMPORTS:
                found["import"].append(node)
            parent = self.parent.get(node.id)
            if parent is None:
                continue
            if kind == "attribute" and parent.type == "ERROR":
                found["open_attribute"].append(node)
            if kind in _PARAMETER_KINDS and parent.type == "parameters":
                found["parameter"].append(node)
        return found


class FunctionRanges:
    """The function definitions around a node, from byte ranges: a node sits in a function when its range
    lies within the function's and is not the very same (the function itself, or a block or an ERROR node
    around just it). Two functions are nested or apart, so the ones before a node that do not hold it are
    passed by climbing out of them; past `budget` climbs (deeply nested garbage), the answer is None."""

    def __init__(self, functions: list[Node], budget: int) -> None:
        self.functions = functions  # in source order
        self.starts = [function.start_byte for function in functions]
        self.enclosing: list[int] = []  # index of the function each one sits in, -1: none
        self.outermost: list[Node] = []  # the outermost function around each one (itself at module level)
        self.budget = budget
        open_functions: list[int] = []
        for index, function in enumerate(functions):
            while open_functions and functions[open_functions[-1]].end_byte < function.end_byte:
                open_functions.pop()
            self.enclosing.append(open_functions[-1] if open_functions else -1)
            self.outermost.append(functions[open_functions[0]] if open_functions else function)
            open_functions.append(index)

    def around(self, node: Node) -> tuple[Node | None, Node | None] | None:
        """(innermost, outermost) function around the node, or None when the budget is spent."""
        start, end = node.start_byte, node.end_byte
        index = bisect_right(self.starts, start) - 1
        while index >= 0:
            function = self.functions[index]
            if end <= function.end_byte and (start, end) != (function.start_byte, function.end_byte):
                return function, self.outermost[index]
            self.budget -= 1
            if self.budget < 0:
                return None
            index = self.enclosing[index]
        return None, None
