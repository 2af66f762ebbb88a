"""`portlint COMMAND` builds only that command's options (cli.build_parser(command)): the help and the parsed
arguments are those of the whole command line."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from portlint.cli import COMMANDS, build_parser

_ARGUMENTS = {
    "check": ["check", "ws", "--no-live", "--format", "sarif", "--fail-on", "warning"],
    "ports": ["ports", "--format", "json"],
    "serve": ["serve", "--tcp", "127.0.0.1:9000"],
    "probe": ["probe", "http://localhost:5000/api", "--credentials"],
    "mcp": ["mcp", "ws"],
}


def _help(parser: argparse.ArgumentParser, words: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(words)
    return out.getvalue()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_one_command_parses_and_helps_as_the_whole_command_line(command: str) -> None:
    whole, narrow = build_parser(), build_parser(command)
    assert narrow.parse_args(_ARGUMENTS[command]) == whole.parse_args(_ARGUMENTS[command])
    assert _help(narrow, [command, "--help"]) == _help(whole, [command, "--help"])
    assert _help(narrow, ["--help"]) == _help(whole, ["--help"])
    assert all(name in _help(narrow, ["--help"]) for name in COMMANDS)


def test_another_command_has_no_options_in_a_narrowed_parser() -> None:
    with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        build_parser("check").parse_args(["ports", "--format", "json"])
