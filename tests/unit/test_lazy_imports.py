"""What `portlint check` loads before its walk: the command line, the registry's data and the walk itself;
no analysis, CORS core, parser, tool's facts or output format (each loads when a workspace needs it)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

_BEFORE_THE_WALK = """
import sys
from portlint.cli import build_parser
build_parser().parse_args(["check", "--no-live", "."])
import portlint.check, portlint.workspace.files
print(repr(sorted(sys.modules)))
"""

# Prefixes of modules the walk must not load: each is loaded on first use after it.
_NOT_YET = (
    "portlint.core.analyze",
    "portlint.core.report",
    "portlint.core.cors",
    "portlint.readers.browser_calls",
    "portlint.readers.js_",
    "portlint.output",
    "portlint.fixes",
    "portlint.system",
    "portlint.tools.resolve",
    "tree_sitter",
    "socket",
    "json",  # the loading's parsers want it
)


def test_the_walk_loads_no_analysis_parser_or_output() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _BEFORE_THE_WALK], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    modules = ast.literal_eval(done.stdout.splitlines()[-1])
    assert "portlint.workspace.discover" in modules and "portlint.registry" in modules
    assert [m for m in modules if m.startswith(_NOT_YET)] == []
    tools = [m for m in modules if m.startswith("portlint.tools.") and m.count(".") > 2]
    assert tools == ["portlint.tools.angular.names"], tools  # the registry's entries, not their modules
