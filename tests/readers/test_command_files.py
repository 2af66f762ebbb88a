"""Command lines in package.json, Makefile and Procfile beyond their data-driven cases (tests/readers/cases/
{package,makefile,procfile}/, run by tests/test_parser_cases.py), and the shell word splitter checked against
`shlex`.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable

import pytest
from flask.cli import run_command
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.core.facts import Invocation, ParseResult
from portlint.readers.command_files import parse_makefile, parse_package_json, parse_procfile
from portlint.readers.shell_words import MappedText, Operator, Word, split_commands, split_words

PARSERS: dict[str, Callable[[str, str], ParseResult]] = {
    "package.json": parse_package_json,
    "Makefile": parse_makefile,
    "Procfile": parse_procfile,
}


def words(line: str) -> list[str]:
    return [item.text for item in split_words(MappedText.plain(line)) if isinstance(item, Word)]


@pytest.mark.parametrize(
    "line",
    [
        "flask run --port 5001",
        "flask run --port '5001'",
        'flask run --port "50"01',
        'a\\ b "c \\" d" \'e \\ f\'',
        'FLASK_RUN_PORT="5 0" flask run',
        "  leading   and\ttabs  ",
        "''",
    ],
)
def test_words_are_what_shlex_splits(line: str) -> None:
    assert words(line) == shlex.split(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab5-= '\"\\\t\nü😀")), max_size=40))
def test_words_match_shlex_and_point_at_their_characters(line: str) -> None:
    try:
        expected = shlex.split(line)
    except ValueError:  # unclosed quote or trailing backslash: shlex gives up, a shell errs too
        return
    if "\\\n" in line:
        return  # a shell drops backslash-newline; shlex keeps the newline
    found = [item for item in split_words(MappedText.plain(line)) if isinstance(item, Word)]
    assert [word.text for word in found] == expected
    for word in found:
        for char, start, end in zip(word.text, word.starts, word.ends, strict=True):
            assert line[start:end] in (char, "\\" + char)


def test_operators_split_commands_and_redirections_are_dropped() -> None:
    items = split_words(MappedText.plain("a 1 && (b 2; c > out 2>&1) | d & e\nf"))
    pieces = [piece.text if isinstance(piece, Operator) else [w.text for w in piece] for piece in split_commands(items)]
    assert pieces == [["a", "1"], "(", ["b", "2"], ["c"], ")", ["d"], ["e"], ["f"]]


def test_expansions_are_not_literal() -> None:
    found = [item for item in split_words(MappedText.plain("a $X \"$Y\" '$Z' \\$W `b`")) if isinstance(item, Word)]
    assert [(word.text, word.literal) for word in found] == [
        ("a", True),
        ("$X", False),
        ("$Y", False),
        ("$Z", True),
        ("$W", True),
        ("`b`", False),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_garbage_never_raises(text: str) -> None:
    for parse in PARSERS.values():
        parse("/w/file", text)
    parse_package_json("/w/package.json", json.dumps({"scripts": {"x": text}}))


@pytest.mark.parametrize(
    "options",
    [
        "",
        "--port 5001",
        "--port=5002",
        "-p 5003",
        "-p5004",
        "-h 0.0.0.0",
        "--host=::1 -p 1 --port 2",
        "--no-reload --cert adhoc -p 5005 --with-threads",
        "--extra-files a.txt -p 5006",
        "--exclude-patterns '*.tmp' --port '5007' -h localhost",
        "--debug --no-debugger --host 127.0.0.1",
    ],
)
def test_run_options_are_read_as_flask_reads_them(options: str) -> None:
    """The real `flask run` command (click) parses the same words; its port and host must be ours."""
    (invocation,) = parse_procfile("/w/Procfile", f"web: flask run {options}\n").facts
    assert isinstance(invocation, Invocation)
    context = run_command.make_context("run", shlex.split(options), resilient_parsing=True)
    assert (invocation.port.as_port() if invocation.port else 5000) == context.params["port"]
    assert (invocation.host.text if invocation.host else "127.0.0.1") == context.params["host"]


def test_make_variables_are_expanded_before_the_shell_reads_the_recipe() -> None:
    """`cd $(BACKEND) && flask run` runs in backend/; a port from `PORT ?= 5055` points at that value; an
    exported variable is in the recipe's environment; `$$PORT` is the shell's, known only at run time."""
    text = (
        "BACKEND = backend\nPORT ?= 5055\nPORT ?= 9999\nexport FLASK_RUN_HOST = 0.0.0.0\n"
        "run:\n\tcd $(BACKEND) && flask run --port ${PORT}\n"
        "env:\n\tcd $(UNKNOWN) && flask run --port $$PORT\n"
    )
    run, env = parse_makefile("/w/Makefile", text).facts
    assert isinstance(run, Invocation) and isinstance(env, Invocation)
    assert run.cwd == "/w/backend" and run.port is not None and run.port.text == "5055"
    assert run.port.location.range.start.line == 1
    assert run.env["FLASK_RUN_HOST"].text == "0.0.0.0"
    assert env.cwd == "/w" and env.port is None and env.computed == ("--port",)
