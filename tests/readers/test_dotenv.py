"""Env files beyond their data-driven cases (tests/readers/cases/dotenv/, run by tests/test_parser_cases.py):
agreement with python-dotenv's `dotenv_values`, which Flask uses to load them.
"""

from __future__ import annotations

import dataclasses
import io

import dotenv
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.core.facts import DotenvFile
from portlint.readers.dotenv import parse_dotenv
from tests.cases import covered

TRICKY = """\
# comment
export FLASK_RUN_PORT=5001
  SPACED  =   5002   # comment
DQ="a \\"b\\" \\\\ c\\n d"
SQ='it\\'s \\n raw'
HASH=a#b
HASH_SPACE=a #b
EMPTY=
EMPTY_COMMENT= # c
QUOTED_THEN_TEXT="5003" trailing
'SINGLE KEY'=x
MULTI="one
two"
UNICODE=ünïcode 😀
TABS=\t5004\t
DUP=1
DUP=2
not a binding
AFTER_ERROR=5005
"""


def reported_values(text: str) -> dict[str, str]:
    (dotenv_file,) = parse_dotenv("/w/.env", text).facts
    assert isinstance(dotenv_file, DotenvFile)
    return {key: token.text for key, token in dotenv_file.values.items()}


def library_values(text: str) -> dict[str, str]:
    """What Flask gets: `dotenv_values` (no `${...}` in these inputs, so interpolation changes nothing);
    keys without a value are skipped by Flask."""
    values = dotenv.dotenv_values(stream=io.StringIO(text))
    return {key: value for key, value in values.items() if value is not None}


def test_values_are_what_python_dotenv_reads() -> None:
    assert reported_values(TRICKY) == library_values(TRICKY)
    assert reported_values(TRICKY)["FLASK_RUN_PORT"] == "5001"


def test_each_line_dotenv_cannot_parse_is_a_problem() -> None:
    problems = parse_dotenv("/w/.env", TRICKY).problems
    lines = TRICKY.split("\n")
    assert [lines[p.location.range.start.line] for p in problems] == [
        'QUOTED_THEN_TEXT="5003" trailing',
        "not a binding",
    ]


def test_unquoted_ranges_cover_the_value_exactly() -> None:
    (dotenv_file,) = parse_dotenv("/w/.env", TRICKY).facts
    assert isinstance(dotenv_file, DotenvFile)
    for key in ("FLASK_RUN_PORT", "SPACED", "HASH", "HASH_SPACE", "UNICODE"):
        token = dotenv_file.values[key]
        location = dataclasses.asdict(token.location)
        assert covered(TRICKY, location["range"]) == token.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"AB_=5 \t\n#\"'\\xé😀", "export ", "\r\n"]), max_size=40).map("".join))
def test_any_text_reads_as_python_dotenv_reads_it(text: str) -> None:
    # No `$` in the alphabet: `dotenv_values` would interpolate, which Flask does too (see dotenv_file.py).
    assert reported_values(text) == library_values(text)


def test_a_very_long_line_is_reported_not_parsed_for_ever() -> None:
    text = "FLASK_RUN_PORT=5001\nX=" + " " * 100_000 + "# comment\nFLASK_APP=app.py\n"
    result = parse_dotenv("/w/.env", text)
    (problem,) = result.problems
    assert problem.location.range.start.line == 1 and "characters long" in problem.reason
    (dotenv_file,) = result.facts
    assert isinstance(dotenv_file, DotenvFile)
    assert {k: v.text for k, v in dotenv_file.values.items()} == {"FLASK_RUN_PORT": "5001", "FLASK_APP": "app.py"}
    assert dotenv_file.values["FLASK_APP"].location.range.start.line == 2
