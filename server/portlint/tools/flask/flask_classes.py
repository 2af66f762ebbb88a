"""Where one parsed Python file names the Flask class: `Flask`, an alias it is imported as, a subclass
(`class MyApp(Flask):`), `flask.Flask` through an imported module. Each such name followed by a call (or a
`(` still being typed) makes an app.

The names are looked for in the text, and each place found is looked up in the tree, instead of looking at
every node; a file that names them more than `_LOOKUPS` times (each lookup costs the node's depth), or
that the index has walked anyway, is read node by node.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from .python_index import PythonIndex, source_order

_LOOKUPS = 256


class FlaskClasses:
    def __init__(self, index: PythonIndex) -> None:
        self.file = index
        self.names = {"Flask"}  # `Flask` itself, even when the import is not written (yet)
        self.modules: set[str] = set()  # `import flask` (as ...)
        for imported in index.imports:
            if imported.module is None and imported.name == "flask":
                self.modules.add(imported.alias)
            elif imported.module == "flask" and imported.name == "Flask":
                self.names.add(imported.alias)
        for node in index.of_kind("class_definition"):
            self._subclass(node)

    def _subclass(self, node: Node) -> None:
        """`class MyApp(Flask):` makes `MyApp(...)` an app too."""
        name, bases = node.child_by_field_name("name"), node.child_by_field_name("superclasses")
        if name is None or bases is None:
            return
        for base in bases.named_children:
            if self.is_class(base):
                self.names.add(self.file.node_text(name))

    def references(self) -> list[Node]:
        """The nodes naming a Flask class (identifiers, `flask.Flask` attributes), in source order."""
        candidates = self._candidates()
        if candidates is None:
            candidates = [node for node in self.file.nodes if node.type in ("identifier", "attribute")]
        return [node for node in candidates if self.is_class(node)]

    def _candidates(self) -> list[Node] | None:
        """The identifiers spelled like a Flask class and the attributes around a `Flask`, found from the
        text; None when reading every node is cheaper."""
        if self.file.walked:
            return None
        found: dict[int, Node] = {}
        lookups = 0
        for name in self.names | ({"Flask"} if self.modules else set()):
            for match in re.finditer(re.escape(name.encode("utf-8", errors="replace")), self.file.source):
                lookups += 1
                if lookups > _LOOKUPS:
                    return None
                node = self.file.root.descendant_for_byte_range(match.start(), match.end())
                if node is None or node.type != "identifier" or (node.start_byte, node.end_byte) != match.span():
                    continue  # in a longer name, a string, a comment
                found[node.id] = node
                parent = self.file.parent(node) if name == "Flask" and self.modules else None
                if parent is not None and parent.type == "attribute":
                    found[parent.id] = parent
        return sorted(found.values(), key=source_order)

    def is_class(self, node: Node) -> bool:
        if node.type == "identifier":
            parent = self.file.parent(node)
            if parent is not None and parent.type in ("attribute", "class_definition"):
                return False  # `x.Flask` is handled as the attribute; `class MyFlask(Flask)` names a class
            return self.file.node_text(node) in self.names and not self._in_import(node)
        if node.type == "attribute":
            obj, name = node.child_by_field_name("object"), node.child_by_field_name("attribute")
            if obj is None or name is None:
                return False
            return self.file.node_text(obj) in self.modules and self.file.node_text(name) == "Flask"
        return False

    def _in_import(self, node: Node) -> bool:
        parent = self.file.parent(node)
        while parent is not None and parent.type in ("dotted_name", "aliased_import"):
            parent = self.file.parent(parent)
        return parent is not None and parent.type in ("import_statement", "import_from_statement")
