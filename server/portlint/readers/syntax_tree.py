"""Walking tree-sitter trees, shared by the parsers that read source code."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from tree_sitter import Node


def walk(root: Node, *, not_into: Collection[str] = ()) -> Iterator[Node]:
    """Every node in source order, without recursion (deeply nested garbage must not overflow the stack);
    nodes whose type is in `not_into` are yielded but not entered (except the root)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if node is not root and node.type in not_into:
            continue
        stack.extend(reversed(node.children))
