"""The tree-sitter grammars, each loaded from its package's compiled binding alone: a grammar package's
`__init__` imports `importlib.resources` (pathlib, tempfile, shutil, random: ≈ 5 ms of a cold `portlint
check`) only to read highlight queries portlint never uses."""

from __future__ import annotations

import threading
from functools import cache

from tree_sitter import Language, Parser

from ..lean_import import import_alone

PYTHON = ("tree_sitter_python", "language")
JSON = ("tree_sitter_json", "language")
JAVASCRIPT = ("tree_sitter_javascript", "language")
TYPESCRIPT = ("tree_sitter_typescript", "language_typescript")
TSX = ("tree_sitter_typescript", "language_tsx")


@cache
def grammar(which: tuple[str, str]) -> Language:
    """The language of (grammar package, its function returning the language), e.g. `grammar(PYTHON)`."""
    package, function = which
    return Language(getattr(import_alone(f"{package}._binding"), function)())


_thread = threading.local()


def parser(which: tuple[str, str]) -> Parser:
    """This thread's parser of a grammar. `Parser.parse` lets go of the GIL, and one parser must never parse
    for two threads at once (the language server reads a folder off its loop while an edit is parsed on it)."""
    parsers: dict[tuple[str, str], Parser] | None = getattr(_thread, "parsers", None)
    if parsers is None:
        parsers = _thread.parsers = {}
    found = parsers.get(which)
    if found is None:
        found = parsers[which] = Parser(grammar(which))
    return found
