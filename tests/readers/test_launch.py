"""`.vscode/launch.json` beyond its data-driven cases (tests/readers/cases/launch/, run by
tests/test_parser_cases.py; the case folder is the workspace folder).
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.readers.launch import parse_launch


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), max_size=6), st.text(max_size=30))
def test_any_arguments_never_raise(args: list[str], name: str) -> None:
    config = {"name": name, "type": "debugpy", "request": "launch", "module": "flask", "args": args}
    result = parse_launch("/w/.vscode/launch.json", json.dumps({"configurations": [config]}), "/w")
    assert result.problems == []
