"""The registry is the one list of dev servers: every layer that needs one iterates it. These tests walk it
and check that each entry is whole — its files classify to their kind, its parser, command-line readers and
resolver load and behave — so that a new tool cannot be half registered."""

from __future__ import annotations

import fnmatch
import os

import pytest

from portlint.core.facts import Invocation, ParseResult
from portlint.readers.command_files import parse_package_json
from portlint.registry import FILE_KINDS, TOOLS, program_reader, python_module_reader
from portlint.tools.base import DevServer, FileKind, ResolveContext, load_function
from portlint.workspace.discover import ConfigFile, kind_of
from portlint.workspace.load import parse_text

KIND_IDS = [f"{kind.kind}:{kind.names or kind.suffix or kind.matches}" for kind in FILE_KINDS]


def example_paths(kind: FileKind) -> list[str]:
    return [os.path.join("/w", "sub", example) for example in kind.example_paths()]


NAMED_KINDS = [k for k in FILE_KINDS if k.names or k.suffix]  # the others: name tests, or only referenced


@pytest.mark.parametrize("kind", NAMED_KINDS, ids=lambda k: k.kind)
def test_every_named_file_classifies_to_its_kind_and_matches_its_glob(kind: FileKind) -> None:
    for path in example_paths(kind):
        assert kind_of(path) == kind.kind
        rel = os.path.relpath(path, "/w")
        assert any(fnmatch.fnmatch(rel, glob.replace("**/", "*/")) for glob in kind.globs), (rel, kind.globs)


@pytest.mark.parametrize("kind", FILE_KINDS, ids=KIND_IDS)
def test_every_example_classifies_to_its_kind(kind: FileKind) -> None:
    discovered = kind.names or kind.suffix or kind.matches
    for path in example_paths(kind):
        if discovered:
            assert kind_of(path) == kind.kind
        else:  # never discovered as this kind (functions/index.js may be a quiet server-source candidate)
            assert kind_of(path) != kind.kind


@pytest.mark.parametrize("kind", FILE_KINDS, ids=KIND_IDS)
def test_every_parser_loads_and_takes_empty_and_broken_text(kind: FileKind) -> None:
    path = example_paths(kind)[0]
    for text in ("", "{", "\0\ufffd", "x" * 1000):
        result = parse_text(ConfigFile(path, kind.kind), text)
        assert isinstance(result, ParseResult)
        assert not any("internal error" in p.reason for p in result.problems), result.problems


def test_a_referenced_only_kind_is_never_discovered_by_name() -> None:
    referenced = [k for k in FILE_KINDS if not (k.names or k.suffix or k.matches)]
    assert [k.kind for k in referenced] == ["functions"]
    assert kind_of("/w/functions/index.js") != "functions"


def test_proxy_configs_are_recognised_by_their_name_test() -> None:
    assert kind_of("/w/src/proxy.conf.json") == "proxy"
    assert kind_of("/w/src/proxy.js") is None  # too common a module name


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
def test_every_tool_resolves_nothing_from_no_facts(tool: DevServer) -> None:
    if tool.resolve:
        assert load_function(tool.resolve)([], ResolveContext("/w")) == []
    if tool.checks:
        assert load_function(tool.checks)([], [], "/w") == []


@pytest.mark.parametrize(
    "program,command",
    [(program, f"{program} {args}") for program, args in (("flask", "run --port 5123"), ("ng", "serve --port 5123"),
     ("firebase", "serve --port 5123"), ("firebase-tools", "serve -p 5123"))],
)  # fmt: skip
def test_every_program_is_read_by_its_tool(program: str, command: str) -> None:
    assert program_reader(program) is not None
    owner = next(tool.name for tool in TOOLS if program in tool.programs)
    text = '{"scripts": {"dev": "%s"}}' % command
    (invocation,) = parse_package_json("/w/package.json", text).facts
    assert isinstance(invocation, Invocation)
    assert invocation.tool == owner
    assert invocation.port is not None and invocation.port.text == "5123"


def test_python_modules_are_read_by_their_tool() -> None:
    assert python_module_reader("flask") is not None
    assert python_module_reader("http.server") is None
    (invocation,) = parse_package_json("/w/package.json", '{"scripts": {"a": "python -m flask run -p 5123"}}').facts
    assert isinstance(invocation, Invocation) and invocation.tool == "flask"


def test_names_are_unique_and_kinds_have_one_parser() -> None:
    assert len({tool.name for tool in TOOLS}) == len(TOOLS)
    parsers: dict[str, str] = {}
    for kind in FILE_KINDS:
        assert parsers.setdefault(kind.kind, kind.parser) == kind.parser
