"""Env files beyond their data-driven cases (tests/readers/cases/dotenv/, run by tests/test_parser_cases.py):
agreement with python-dotenv's `dotenv_values`, which Flask uses to load them.
"""

from __future__ import annotations

import io
import os
from unittest import mock

import dotenv
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.core.facts import DotenvFile
from portlint.readers.dotenv import parse_dotenv
from tests.cases import covered
from tests.records import as_dict

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
    """What Flask gets: `dotenv_values` (interpolation on); keys without a value are skipped by Flask."""
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
        location = as_dict(token.location)
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


INTERPOLATED = """\
API_PORT=5000
ADMIN_PORT=5004
FLASK_RUN_PORT=${ADMIN_PORT}
QUOTED='${API_PORT}'
JOINED=x${API_PORT}y
DEFAULTED=${UNSET:-5005}
FROM_THE_ENVIRONMENT=${HOME}
BARE
EMPTIED=${BARE}
"""


def test_references_are_expanded_as_flask_loads_the_file() -> None:
    """`FLASK_RUN_PORT=${ADMIN_PORT}` is 5004, as python-dotenv interpolates it for Flask; a value that hangs
    on the real environment stays as written (nothing to claim)."""
    values = reported_values(INTERPOLATED)
    assert values["FLASK_RUN_PORT"] == "5004"
    assert values["QUOTED"] == "5000" and values["JOINED"] == "x5000y" and values["EMPTIED"] == ""
    assert values["DEFAULTED"] == "5005" and values["FROM_THE_ENVIRONMENT"] == "${HOME}"
    library = library_values(INTERPOLATED)
    assert {k: v for k, v in values.items() if "${" not in v} == {
        k: v for k, v in library.items() if k != "FROM_THE_ENVIRONMENT"
    }
    (dotenv_file,) = parse_dotenv("/w/.flaskenv", INTERPOLATED).facts
    assert isinstance(dotenv_file, DotenvFile)
    location = as_dict(dotenv_file.values["FLASK_RUN_PORT"].location)
    assert covered(INTERPOLATED, location["range"]) == "${ADMIN_PORT}"  # a port switch rewrites the reference


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"AB=5 \n#'\"", "${A}", "${B}", "${C:-7}", "${A", "export "]), max_size=30).map("".join)
)
def test_interpolation_agrees_with_python_dotenv(text: str) -> None:
    """Every value portlint expands is the one python-dotenv gives Flask (with none of the names in the real
    environment); the others are kept as written, with their reference."""
    with mock.patch.dict(os.environ, {}, clear=True):
        library = library_values(text)
    for key, value in reported_values(text).items():
        assert value == library[key] or "${" in value
