"""Whether a statement of a parsed Python file runs only as a script: inside the body of
`if __name__ == "__main__":` (either quotes, either operand order). A broken call the grammar left in an
ERROR node after the condition counts as inside."""

from __future__ import annotations

from tree_sitter import Node

from .python_index import PythonIndex
from .python_values import literal_text, unparenthesized


class MainGuard:
    def __init__(self, index: PythonIndex) -> None:
        self.file = index
        self.bodies: dict[int, bool] = {}  # node id → inside `if __name__ == "__main__":`

    def covers(self, node: Node) -> bool:
        return self.file.inherited(node, self.bodies, self._link)

    def _link(self, child: Node, parent: Node) -> bool | None:
        if parent.type != "if_statement":
            return None
        condition = parent.child_by_field_name("condition")
        in_body = parent.child_by_field_name("consequence") == child or (
            child.type == "ERROR" and condition is not None and child.start_byte >= condition.end_byte
        )
        if in_body and condition is not None and self._is_main_check(unparenthesized(condition)):
            return True
        return None

    def _is_main_check(self, condition: Node) -> bool:
        if condition.type != "comparison_operator" or condition.named_child_count != 2:
            return False
        operators = [c.type for c in condition.children if not c.is_named]
        sides = {
            "name" if n.type == "identifier" and self.file.node_text(n) == "__name__" else literal_text(self.file, n)
            for n in condition.named_children
        }
        return operators == ["=="] and sides == {"name", "__main__"}
