"""One Python file parsed once: the tree-sitter tree, its text model, and what both Flask readers need
first (imports, module-level functions, each node's parent and enclosing functions).

tree-sitter nodes hold no parent pointer: `Node.parent` searches down from the root, so asking it for
every node of a deeply nested file costs quadratic time (20,000 nested `int(` took 12 s). The parents and
enclosing functions are recorded here in the one walk, and flags that hold for a whole subtree (inside
`if __name__ == "__main__":`, inside a conditional) are computed once per node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter_python
from tree_sitter import Language, Node, Parser

from ...core.model import Location
from ...core.text import SourceText

_PYTHON = Language(tree_sitter_python.language())
_FUNCTION_DEFINITION = _PYTHON.id_for_node_kind("function_definition", True)
_IMPORTS = frozenset(_PYTHON.id_for_node_kind(kind, True) for kind in ("import_statement", "import_from_statement"))
_OPEN_PAREN = re.compile(rb"[ \t]*\(")

# A link from a node to its parent decides a flag for the node (True/False), or passes the parent's (None).
Link = Callable[[Node, Node], "bool | None"]


@dataclass(frozen=True)
class ImportedName:
    """One name an import statement binds."""

    module: str | None  # `from X import name`: X; `import name`: None
    name: str  # as written: `flask`, `Flask`, `create_app`
    alias: str  # the local name (`as` ...)
    broken: bool = False  # `name as` half typed: name and alias are both the whole text


class PythonIndex:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = SourceText(text)
        self.source = self.text.source
        self.root = Parser(_PYTHON).parse(self.source).root_node
        self.nodes: list[Node] = []  # every node, in source order
        self._parent: dict[int, Node] = {}
        self._function: dict[int, Node] = {}  # innermost enclosing function_definition
        self._outermost: dict[int, Node] = {}  # outermost enclosing function_definition (the app factory)
        self._slot: dict[int, int] = {}  # a node's place among its parent's children
        self._children: dict[int, list[Node]] = {}  # children lists asked for by siblings_after
        self._walk()
        self.imports = [name for node in self.nodes if node.kind_id in _IMPORTS for name in self._imported(node)]
        self.functions: dict[str, Node] = {}  # module-level functions by name
        for node in self.root.named_children:
            if node.type == "function_definition" and (name := node.child_by_field_name("name")) is not None:
                self.functions[self.node_text(name)] = node

    def _walk(self) -> None:
        """Pre-order, without recursion (deeply nested garbage must not overflow the stack). Every node of
        every candidate file passes here once, so the loop keeps its lookups in locals."""
        stack: list[tuple[Node, Node | None, Node | None]] = [(self.root, None, None)]
        pop, push, visit = stack.pop, stack.append, self.nodes.append
        parents, slots, functions, outermosts = self._parent, self._slot, self._function, self._outermost
        while stack:
            node, function, outermost = pop()
            visit(node)
            if function is not None and outermost is not None:
                functions[node.id] = function
                outermosts[node.id] = outermost
            if node.kind_id == _FUNCTION_DEFINITION:
                function, outermost = node, outermost or node
            children = node.children
            slot = len(children)
            for child in reversed(children):
                slot -= 1
                child_id = child.id
                parents[child_id] = node
                slots[child_id] = slot
                push((child, function, outermost))

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
                found.append(ImportedName(module_text, self.node_text(name_node), self.node_text(name_node)))
        return found

    # ---- the tree -----------------------------------------------------------------------------------

    def parent(self, node: Node) -> Node | None:
        return self._parent.get(node.id)

    def sibling(self, node: Node, step: int) -> Node | None:
        """The node `step` places after (negative: before) `node` under its parent; `Node.next_sibling`
        and `prev_sibling` search from the root too."""
        parent = self.parent(node)
        if parent is None:
            return None
        children = self._children.get(parent.id)
        if children is None:
            children = self._children[parent.id] = parent.children
        slot = self._slot[node.id] + step
        return children[slot] if 0 <= slot < len(children) else None

    def function_of(self, node: Node) -> Node | None:
        """The innermost function definition `node` sits in (None at module level)."""
        return self._function.get(node.id)

    def factory_of(self, node: Node) -> str | None:
        """The name of the module-level function `node` sits in (an app factory), None at module level."""
        outermost = self._outermost.get(node.id)
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
        return Location(self.path, self.text.point_range(node.start_point, node.end_point))

    def followed_by_paren(self, node: Node) -> bool:
        """`(` after the node, past blanks on its line (a call still being typed)."""
        return _OPEN_PAREN.match(self.source, node.end_byte) is not None
