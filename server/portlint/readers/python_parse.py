"""One tree-sitter parse of a Python file for all the readers it is handed to: the workspace loader gives
one file's text, as one `str`, to Flask's reader, then to uvicorn's readers (`uvicorn.run(...)`, FastAPI /
Starlette apps) whose marker bytes it holds. The last parse is kept, in memory, for the next reader that
gets that very object."""

from __future__ import annotations

from functools import cache

import tree_sitter_python
from tree_sitter import Language, Parser, Tree

PYTHON = Language(tree_sitter_python.language())

_last: tuple[str, Tree] | None = None  # (the text, its tree): one entry, told by identity


@cache
def _parser() -> Parser:
    return Parser(PYTHON)


def parse_python(text: str, source: bytes) -> Tree:
    """The tree of `text`, whose UTF-8 bytes (lone surrogates as U+FFFD: `SourceText.source`) are `source`."""
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    tree = _parser().parse(source)
    _last = (text, tree)
    return tree
