"""The language server's layering: the server imports no feature (no import cycle), and nothing in the
language server imports the command line (the CORS probe is one package both use)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import portlint.lsp

LSP = Path(portlint.lsp.__file__).parent
COMMAND_LINE = {"portlint.cli", "portlint.probe.command"}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, as absolute names."""
    package = "portlint." + ".".join(path.relative_to(LSP.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module or ""]).strip(".")
            found.update({module, *(f"{module}.{alias.name}" for alias in node.names)})
    return found


def test_no_module_of_the_language_server_imports_the_command_line() -> None:
    for path in LSP.rglob("*.py"):
        assert not _imports(path) & COMMAND_LINE, path


def test_the_server_imports_no_feature() -> None:
    code = (
        "import sys, portlint.lsp.server\n"
        "print(sorted(m for m in sys.modules if m.startswith('portlint.lsp.features')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
    for module in ("server.py", "state.py", "background.py", "protocol.py"):
        assert not {name for name in _imports(LSP / module) if name.startswith("portlint.lsp.features")}, module
