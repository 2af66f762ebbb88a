"""One module of a library without the rest: a package's `__init__` often imports far more than the module
portlint uses (python-dotenv's: logging, pathlib and tempfile for its file API; a tree-sitter grammar's:
importlib.resources for highlight queries), which a cold `portlint check` pays in full."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
from types import ModuleType


def import_alone(name: str) -> ModuleType:
    """The module `package.module`, loaded without running its package's `__init__`; when it cannot be (the
    package laid out otherwise, a relative import inside), imported as published."""
    if name in sys.modules:
        return sys.modules[name]
    package, _, _ = name.rpartition(".")
    found = importlib.util.find_spec(package)  # finds the package without running its __init__
    folders = found.submodule_search_locations if found is not None else None
    spec = importlib.machinery.PathFinder.find_spec(name, list(folders)) if folders else None
    if spec is None or spec.loader is None:
        return importlib.import_module(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # the package, when imported later, takes this one (an extension loads once)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        del sys.modules[name]
        return importlib.import_module(name)
    return module
