"""`.vscode/launch.json`: data-driven cases under tests/fixtures/configs/launch/<case>/ (`.vscode/launch.json`
plus expected.json; the case folder is the workspace folder). PORTLINT_UPDATE_EXPECTED=1 rewrites them.
"""

from __future__ import annotations

import dataclasses
import json
import os
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.configs.launch import parse_launch
from portlint.core.facts import ParseResult

CASES_DIR = Path(__file__).parents[2] / "fixtures" / "configs" / "launch"
CASES = sorted(path for path in CASES_DIR.iterdir() if path.is_dir())


def covered(text: str, rng: dict[str, Any]) -> str:
    """The text a 0-based line / UTF-16 character range covers."""
    lines = text.split("\n")

    def offset(pos: dict[str, int]) -> int:
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        units = line.encode("utf-16-le", "surrogatepass")[: 2 * pos["character"]]
        start = sum(len(candidate) + 1 for candidate in lines[: pos["line"]])
        return start + len(units.decode("utf-16-le", "surrogatepass"))

    return text[offset(rng["start"]) : offset(rng["end"])]


def plain_result(result: ParseResult, case: Path, text: str) -> dict[str, Any]:
    """Facts and problems as stable plain JSON: paths relative to the case folder, ranges as "l:c-l:c"
    plus the text they cover, so a wrong range is visible at a glance."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"file", "range"}:
                start, end = value["range"]["start"], value["range"]["end"]
                return {
                    "file": os.path.relpath(value["file"], case),
                    "at": f"{start['line']}:{start['character']}-{end['line']}:{end['character']}",
                    "text": covered(text, value["range"]),
                }
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(item) for item in value]
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, str) and os.path.isabs(value):
            return os.path.relpath(value, case)
        return value

    return {
        "facts": [{"type": type(fact).__name__, **convert(dataclasses.asdict(fact))} for fact in result.facts],
        "problems": [convert(dataclasses.asdict(problem)) for problem in result.problems],
    }


def check_expected(case: Path, actual: dict[str, Any]) -> None:
    expected_file = case / "expected.json"
    if os.environ.get("PORTLINT_UPDATE_EXPECTED") == "1":
        expected_file.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


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
