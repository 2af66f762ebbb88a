"""What `portlint check` loads before its walk: the command line, the registry's data and the walk itself;
no analysis, CORS core, parser, tool's facts or output format (each loads when a workspace needs it)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

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


_GRAMMAR_ALONE = """
import sys
from tree_sitter import Parser
from portlint.readers.grammars import JSON, TSX, grammar
tree = Parser(grammar(JSON)).parse(b'{"port": 5000}')
tsx = Parser(grammar(TSX)).parse(b"const a = <b/>;")
loaded = sorted(m for m in ("importlib.resources", "tree_sitter_json", "tree_sitter_typescript") if m in sys.modules)
import tree_sitter_json  # the package imported afterwards takes the binding already loaded
print(repr((tree.root_node.has_error, tsx.root_node.has_error, loaded, tree_sitter_json.language() is not None)))
"""


def test_a_grammar_loads_without_its_package() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _GRAMMAR_ALONE], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert ast.literal_eval(done.stdout.splitlines()[-1]) == (False, False, [], True)


def test_a_module_that_cannot_load_alone_is_imported_as_published(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from tree_sitter import Language, Parser

    from portlint.lean_import import import_alone

    monkeypatch.setattr(importlib.util, "find_spec", lambda *args: None)  # no package found as a folder
    monkeypatch.delitem(sys.modules, "tree_sitter_python._binding", raising=False)
    binding = import_alone("tree_sitter_python._binding")
    assert "tree_sitter_python" in sys.modules  # the package's __init__ ran
    assert not Parser(Language(binding.language())).parse(b"app.run(port=5000)\n").root_node.has_error


_DOTENV_ALONE = """
import sys
from portlint.readers.dotenv import parse_dotenv
result = parse_dotenv("/w/.env", "export PORT=5001\\nURL=http://localhost:${PORT}\\n")
values = {key: token.text for key, token in result.facts[0].values.items()}
print(repr((values, sorted(m for m in ("dotenv", "dotenv.main", "logging", "tempfile") if m in sys.modules))))
"""


def test_env_files_are_read_without_python_dotenv_s_file_api() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _DOTENV_ALONE], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    values, loaded = ast.literal_eval(done.stdout.splitlines()[-1])
    assert values == {"PORT": "5001", "URL": "http://localhost:5001"}
    assert loaded == []


_CHECKS_AS_FACTS_ARRIVE = """
import sys
from portlint.check import _parse_and_import_checks
from portlint.workspace.discover import ConfigFile
from portlint.workspace.load import parse_text
parse = _parse_and_import_checks()
angular = ConfigFile("/w/angular.json", "angular")
text = '{"projects": {"web": {"architect": {"serve": {"options": {"port": 4300}}}}}}'
before = "portlint.tools.angular.resolve" in sys.modules
result = parse(angular, text)
print(repr((before, "portlint.tools.angular.resolve" in sys.modules, "portlint.tools.flask.resolve" in sys.modules,
            result == parse_text(angular, text), bool(result.facts))))
"""


def test_a_tool_s_resolver_and_checks_load_as_its_first_fact_arrives() -> None:
    # While the child scan walks, not after it: the report then finds them loaded.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _CHECKS_AS_FACTS_ARRIVE], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    before, angular, flask, same, facts = ast.literal_eval(done.stdout.splitlines()[-1])
    assert (before, angular, flask) == (False, True, False)  # angular's only: the facts are angular's
    assert same and facts
