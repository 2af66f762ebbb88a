"""Flask apps in Python source: data-driven cases under tests/fixtures/configs/flask_source/<case>/ (a .py file
plus expected.json). PORTLINT_UPDATE_EXPECTED=1 rewrites the expected files; review the diff by hand.
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

from portlint.configs.flask_source import parse_flask_source
from portlint.core.facts import FlaskApp, ParseResult

CASES_DIR = Path(__file__).parents[2] / "fixtures" / "configs" / "flask_source"
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
    source = next(path for path in sorted(case.iterdir()) if path.suffix == ".py")
    text = source.read_bytes().decode("utf-8", errors="replace")
    check_expected(case, plain_result(parse_flask_source(str(source), text), case, text))


@pytest.mark.parametrize(
    "condition",
    [
        'if __name__ == "__main__":',
        "if __name__ == '__main__':",
        'if "__main__" == __name__:',
        "if ('__main__' == __name__):",
        'if __name__ == """__main__""":',
    ],
)
def test_every_spelling_of_the_main_guard_counts(condition: str) -> None:
    text = f"from flask import Flask\napp = Flask(__name__)\n{condition}\n    app.run(port=5001)\n"
    (app,) = parse_flask_source("/w/app.py", text).facts
    assert isinstance(app, FlaskApp)
    assert [run.under_main for run in app.runs] == [True]


@pytest.mark.parametrize(
    "condition",
    [
        'if __name__ != "__main__":',
        'if __name__ == "__mane__":',
        'if name == "__main__":',
        'if __name__ is "__main__":',
    ],
)
def test_other_conditions_are_not_the_main_guard(condition: str) -> None:
    text = f"from flask import Flask\napp = Flask(__name__)\n{condition}\n    app.run(port=5001)\n"
    (app,) = parse_flask_source("/w/app.py", text).facts
    assert isinstance(app, FlaskApp)
    assert [run.under_main for run in app.runs] == [False]


def test_every_prefix_of_a_file_parses() -> None:
    """Typing a file character by character: never an exception, and the app shows up once it exists."""
    text = (CASES_DIR / "module-level" / "app.py").read_text(encoding="utf-8")
    for end in range(len(text) + 1):
        result = parse_flask_source("/w/app.py", text[:end])
        assert result.problems == []
        if end >= text.index("Flask(__name__)") + len("Flask("):
            assert len(result.facts) == 1, text[:end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Flask()=.run\"'port:5 \n\tif__main__#\\😀é\x00")), max_size=80))
def test_garbage_never_raises(text: str) -> None:
    result = parse_flask_source("/w/app.py", "Flask" + text)
    assert all(isinstance(fact, FlaskApp) for fact in result.facts)
