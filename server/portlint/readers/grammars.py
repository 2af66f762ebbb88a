"""The tree-sitter grammars, each loaded from its package's compiled binding alone.

A grammar package's `__init__` imports `importlib.resources` (pathlib, tempfile, shutil, random: ≈ 5 ms of a
cold `portlint check`) only to read highlight queries portlint never uses, so the binding module is loaded
by itself; a package laid out otherwise is imported as published.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
from functools import cache
from types import ModuleType

from tree_sitter import Language

PYTHON = ("tree_sitter_python", "language")
JSON = ("tree_sitter_json", "language")
JAVASCRIPT = ("tree_sitter_javascript", "language")
TYPESCRIPT = ("tree_sitter_typescript", "language_typescript")
TSX = ("tree_sitter_typescript", "language_tsx")


@cache
def grammar(which: tuple[str, str]) -> Language:
    """The language of (grammar package, its function returning the language), e.g. `grammar(PYTHON)`."""
    package, function = which
    return Language(getattr(_binding(package), function)())


def _binding(package: str) -> ModuleType:
    name = f"{package}._binding"
    if name in sys.modules:
        return sys.modules[name]
    found = importlib.util.find_spec(package)  # finds the package without running its __init__
    folders = found.submodule_search_locations if found is not None else None
    spec = importlib.machinery.PathFinder.find_spec(name, list(folders)) if folders else None
    if spec is None or spec.loader is None:
        return importlib.import_module(package)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # the package, if imported later, takes this one (an extension loads once)
    spec.loader.exec_module(module)
    return module
