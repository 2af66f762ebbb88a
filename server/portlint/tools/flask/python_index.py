"""One Python file parsed once: the tree-sitter tree, its text model, and what both Flask readers need
first (imports, module-level functions, the nodes of the kinds they read, each node's enclosing functions).

The nodes the readers look at are found by a tree-sitter query where that is safe (python_tree.py): a
Python walk over every node cost more than the parse. Their enclosing functions follow from the function
definitions' byte ranges.

tree-sitter nodes hold no parent pointer: `Node.parent` searches down from the root, so asking it for
every node of a deeply nested file costs quadratic time (20,000 nested `int(` took 12 s). It answers the
first `_PARENT_CALLS` questions; past them, and for siblings or every node, one walk over the whole tree
records them all. Flags that hold for a whole subtree (inside `if __name__ == "__main__":`, inside a
conditional) are computed once per node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

from tree_sitter import Node

from ...core.model import Location, Position, Range
from ...core.text import SourceText
from ...readers.python_parse import parse_python
from .python_tree import FunctionRanges, Walk, query_kinds, source_order

__all__ = ["ImportedName", "PythonIndex", "source_order"]

_OPEN_PAREN = re.compile(rb"[ \t]*\(")
# Bounds on the shortcuts that cost a node's depth each (see the module's doc): past them, one walk.
_PARENT_CALLS = 256
_CLIMBS = 4096

# A link from a node to its parent decides a flag for the node (True/False), or passes the parent's (None).
Link = Callable[[Node, Node], "bool | None"]


class ImportedName(NamedTuple):
    """One name an import statement binds (a tuple: a few per file, made for every file read)."""

    module: str | None  # `from X import name`: X; `import name`: None
    name: str  # as written: `flask`, `Flask`, `create_app`
    alias: str  # the local name (`as` ...)
    broken: bool = False  # `name as` half typed: name and alias are both the whole text


class PythonIndex:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self._ascii = text.isascii()  # then the text model is built only if a reader asks for it
        self.raw = text  # as given (the text model's may differ: lone surrogates become U+FFFD)
        self._text = None if self._ascii else SourceText(text)
        self.source = text.encode("ascii") if self._ascii else self.text.source
        self.root = parse_python(text, self.source).root_node
        found = query_kinds(self.root, len(self.source))
        self._found = found if found is not None else self._walk.kinds()
        self._sorted: set[str] = set()
        self._children: dict[int, list[Node]] = {}  # children lists asked for by siblings_after
        self._parent_calls = _PARENT_CALLS
        self.imports = [name for node in self.of_kind("import") for name in self._imported(node)]

    @cached_property
    def functions(self) -> dict[str, Node]:
        """Module-level functions by name."""
        found: dict[str, Node] = {}
        for node in self.root.named_children:
            if node.type == "function_definition" and (name := node.child_by_field_name("name")) is not None:
                found[self.node_text(name)] = node
        return found

    @property
    def text(self) -> SourceText:
        if self._text is None:
            self._text = SourceText(self.raw)
        return self._text

    def of_kind(self, kind: str) -> list[Node]:
        """The nodes of one of python_tree's `KINDS` (or `import`, `parameter`, `open_attribute`: an
        attribute in an ERROR node), in source order."""
        nodes = self._found.get(kind)
        if nodes is None:
            return []
        if kind not in self._sorted and len(nodes) > 1:
            nodes.sort(key=source_order)
            self._sorted.add(kind)
        return nodes

    @cached_property
    def _walk(self) -> Walk:
        return Walk(self.root)

    @property
    def walked(self) -> bool:
        return "_walk" in self.__dict__

    @property
    def nodes(self) -> list[Node]:
        """Every node, in source order (from the walk)."""
        return self._walk.nodes

    @cached_property
    def _function_ranges(self) -> FunctionRanges:
        return FunctionRanges(self.of_kind("function_definition"), _CLIMBS)

    def _functions_around(self, node: Node) -> tuple[Node | None, Node | None]:
        """(innermost, outermost) function definition around a node: the walk's record once there is one,
        else from byte ranges."""
        if not self.of_kind("function_definition"):
            return None, None
        around = None if self.walked else self._function_ranges.around(node)
        if around is None:
            return self._walk.function.get(node.id), self._walk.outermost.get(node.id)
        return around

    def _imported(self, node: Node) -> list[ImportedName]:
        if node.type not in ("import_statement", "import_from_statement"):
            return []
        module = node.child_by_field_name("module_name")
        module_text = self.node_text(module) if module is not None else None
        found = []
        for name_node in node.children_by_field_name("name"):
            if name_node.type == "aliased_import":
                name, alias = name_node.child_by_field_name("name"), name_node.child_by_field_name("alias")
                if name is None or alias is None:
                    whole = self.node_text(name_node)
                    found.append(ImportedName(module_text, whole, whole, broken=True))
                    continue
                found.append(ImportedName(module_text, self.node_text(name), self.node_text(alias)))
            else:
                text = self.node_text(name_node)
                found.append(ImportedName(module_text, text, text))
        return found

    # ---- the tree -----------------------------------------------------------------------------------

    def parent(self, node: Node) -> Node | None:
        """tree-sitter's own parent for the first `_PARENT_CALLS` questions (each costs the node's depth),
        then the walk's record."""
        if not self.walked:
            self._parent_calls -= 1
            if self._parent_calls >= 0:
                return node.parent
        return self._walk.parent.get(node.id)

    def sibling(self, node: Node, step: int) -> Node | None:
        """The node `step` places after (negative: before) `node` under its parent; `Node.next_sibling`
        and `prev_sibling` search from the root too (only in broken calls: the walk records the places)."""
        parent = self._walk.parent.get(node.id)
        if parent is None:
            return None
        children = self._children.get(parent.id)
        if children is None:
            children = self._children[parent.id] = parent.children
        slot = self._walk.slot[node.id] + step
        return children[slot] if 0 <= slot < len(children) else None

    def decorated(self, definition: Node) -> Node | None:
        """The decorated definition a function or class definition is the definition of, if it has decorators."""
        return self._decorated.get(definition.id)

    @cached_property
    def _decorated(self) -> dict[int, Node]:
        found: dict[int, Node] = {}
        for decorated in self.of_kind("decorated_definition"):
            definition = decorated.child_by_field_name("definition")
            if definition is not None:
                found[definition.id] = decorated
        return found

    def function_of(self, node: Node) -> Node | None:
        """The innermost function definition `node` sits in (None at module level)."""
        return self._functions_around(node)[0]

    def factory_of(self, node: Node) -> str | None:
        """The name of the module-level function `node` sits in (an app factory), None at module level."""
        outermost = self._functions_around(node)[1]
        name = outermost.child_by_field_name("name") if outermost is not None else None
        return self.node_text(name) if name is not None else None

    def inherited(self, node: Node, memo: dict[int, bool], link: Link) -> bool:
        """A flag decided by the nearest link up the chain from `node` that decides it (False at the root);
        each node's answer is kept in `memo`, so asking for every node of a chain costs linear time."""
        chain: list[Node] = []
        current = node
        result = False
        while True:
            if current.id in memo:
                result = memo[current.id]
                break
            parent = self.parent(current)
            if parent is None:
                break
            chain.append(current)
            decided = link(current, parent)
            if decided is not None:
                result = decided
                break
            current = parent
        for member in chain:
            memo[member.id] = result
        return result

    # ---- text and places ----------------------------------------------------------------------------

    def node_text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: Node) -> Location:
        return self.between(node.start_point, node.end_point)

    def between(self, start: tuple[int, int], end: tuple[int, int]) -> Location:
        """The location between two tree-sitter points."""
        if self._ascii:  # a byte column is the UTF-16 column: no conversion to pay for
            return Location(self.path, Range(Position(*start), Position(*end)))
        return Location(self.path, self.text.point_range(start, end))

    def followed_by_paren(self, node: Node) -> bool:
        """`(` after the node, past blanks on its line (a call still being typed)."""
        return _OPEN_PAREN.match(self.source, node.end_byte) is not None
