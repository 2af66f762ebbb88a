"""`.vscode/launch.json`: data-driven cases under tests/fixtures/configs/launch/<case>/ (`.vscode/launch.json`
plus expected.json; the case folder is the workspace folder). PORTLINT_UPDATE_EXPECTED=1 rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.readers.launch import parse_launch
from tests.unit.configs.expected import cases, check_expected, plain_result

CASES = cases("launch")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path) -> None:
    source = case / ".vscode" / "launch.json"
    text = source.read_bytes().decode("utf-8", errors="replace")
    check_expected(case, plain_result(parse_launch(str(source), text, str(case)), case, text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), max_size=6), st.text(max_size=30))
def test_any_arguments_never_raise(args: list[str], name: str) -> None:
    config = {"name": name, "type": "debugpy", "request": "launch", "module": "flask", "args": args}
    result = parse_launch("/w/.vscode/launch.json", json.dumps({"configurations": [config]}), "/w")
    assert result.problems == []
