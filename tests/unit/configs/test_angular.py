"""angular.json: data-driven cases under tests/fixtures/configs/angular/<case>/ (input + expected.json).

Run with PORTLINT_UPDATE_EXPECTED=1 to rewrite the expected files, then review the diff: every location
is shown with the text it covers, so a wrong range is visible at a glance.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from portlint.configs.angular import parse_angular
from portlint.core.facts import ParseResult

CASES_DIR = Path(__file__).parents[2] / "fixtures" / "configs" / "angular"
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


def plain_result(result: ParseResult, source: Path, text: str) -> dict[str, Any]:
    """Facts and problems as stable plain JSON: paths relative to the case, ranges as "l:c-l:c" + text."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"file", "range"}:
                start, end = value["range"]["start"], value["range"]["end"]
                return {
                    "file": os.path.relpath(value["file"], source.parent),
                    "at": f"{start['line']}:{start['character']}-{end['line']}:{end['character']}",
                    "text": covered(text, value["range"]),
                }
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(item) for item in value]
        if isinstance(value, str) and value == str(source):
            return source.name
        return value

    return {
        "facts": [{"type": type(fact).__name__, **convert(dataclasses.asdict(fact))} for fact in result.facts],
        "problems": [convert(dataclasses.asdict(problem)) for problem in result.problems],
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path) -> None:
    source = next(path for path in sorted(case.iterdir()) if path.name != "expected.json")
    text = source.read_bytes().decode("utf-8", errors="replace")
    actual = plain_result(parse_angular(str(source), text), source, text)
    expected_file = case / "expected.json"
    if os.environ.get("PORTLINT_UPDATE_EXPECTED") == "1":
        expected_file.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))
