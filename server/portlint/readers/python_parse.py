"""One tree-sitter parse of a Python file for all the readers it is handed to: the workspace loader gives
one file's text, as one `str`, to Flask's reader, then to uvicorn's readers (`uvicorn.run(...)`, FastAPI /
Starlette apps) whose marker bytes it holds. The last parse is kept, in memory, for the next reader that
gets that very object.

Each thread has its own parser and its own last parse: `Parser.parse` lets go of the GIL, and neither a
parser nor a tree may be used by two threads at once (the language server reads files off its loop)."""

from __future__ import annotations

import threading

from tree_sitter import Language, Parser, Tree

from .grammars import PYTHON as _PYTHON_GRAMMAR
from .grammars import grammar, parser

PYTHON: Language = grammar(_PYTHON_GRAMMAR)

_thread = threading.local()


def _parser() -> Parser:
    return parser(_PYTHON_GRAMMAR)  # this thread's


def parse_python(text: str, source: bytes) -> Tree:
    """The tree of `text`, whose UTF-8 bytes (lone surrogates as U+FFFD: `SourceText.source`) are `source`."""
    last: tuple[str, Tree] | None = getattr(_thread, "last", None)  # told by identity: one entry
    if last is not None and last[0] is text:
        return last[1]
    tree = _parser().parse(source)
    _thread.last = (text, tree)
    return tree
