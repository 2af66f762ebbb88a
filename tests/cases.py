"""The data-driven parser cases, and the expected-file machinery they share.

Each kind of file in the registry has its cases in its tool's test folder, `tests/tools/<tool>/cases/<kind>/`
(the shared kinds: `tests/readers/cases/<kind>/`). A case is a folder holding the input (named as the real
file) and `expected.json`: the facts and problems as stable plain JSON, paths relative to the case folder,
every location shown with the text it covers so a wrong range is visible at a glance.
PORTLINT_UPDATE_EXPECTED=1 rewrites the files; review the diff.
"""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import Any

from portlint.core.facts import ParseResult
from portlint.readers.kinds import SHARED_FILES
from portlint.registry import TOOLS
from tests.records import as_dict

TESTS = Path(__file__).parent
_SHARED = {kind.kind for kind in SHARED_FILES}
_OWNER = {kind.kind: tool.name for tool in TOOLS for kind in tool.files}
# Tools that read another tool's kind too keep their cases of that kind in their own folder.
_ALSO = {(tool.name, reads.kind) for tool in TOOLS for reads in tool.also_reads}


def case_root(kind: str) -> Path:
    """Where the cases of one kind of file live: in its tool's test folder, or the shared readers'."""
    if kind in _SHARED:
        return TESTS / "readers" / "cases" / kind
    return TESTS / "tools" / _OWNER[kind] / "cases" / kind


def cases(kind: str) -> list[Path]:
    """The cases of one kind: its owner's, then those of every tool that reads it too."""
    others = [TESTS / "tools" / name / "cases" / kind for name, also in sorted(_ALSO) if also == kind]
    roots = [case_root(kind), *others]
    return [path for root in roots if root.is_dir() for path in sorted(root.iterdir()) if path.is_dir()]


def input_file(case: Path) -> Path:
    """The one file of a case that is not its expected output (at any depth: `.vscode/launch.json`)."""
    (source,) = [path for path in sorted(case.rglob("*")) if path.is_file() and path.name != "expected.json"]
    return source


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
        if isinstance(value, str) and (value == str(case) or value.startswith(f"{case}{os.sep}")):
            return os.path.relpath(value, case)  # a path in the case folder; "/api" is a proxy context
        return value

    return {
        "facts": [{"type": type(fact).__name__, **convert(as_dict(fact))} for fact in result.facts],
        "problems": [convert(as_dict(problem)) for problem in result.problems],
    }


def check_expected(case: Path, actual: dict[str, Any]) -> None:
    expected_file = case / "expected.json"
    if os.environ.get("PORTLINT_UPDATE_EXPECTED") == "1":
        expected_file.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))
