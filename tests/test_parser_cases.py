"""Every kind of file in the registry, parsed case by case with the parser the registry names for it (through
the same `parse_text` the workspace uses), against the expected facts and problems kept beside each case
(see tests/cases.py). A kind without cases fails: a new tool brings its test folder with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.registry import FILE_KINDS
from portlint.workspace.discover import ConfigFile
from portlint.workspace.load import parse_text
from tests.cases import case_root, cases, check_expected, input_file, plain_result

KINDS = sorted({kind.kind for kind in FILE_KINDS})
CASES = [(kind, case) for kind in KINDS for case in cases(kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_cases(kind: str) -> None:
    assert cases(kind), f"no cases for {kind}: add folders under {case_root(kind)}"


@pytest.mark.parametrize(("kind", "case"), CASES, ids=[f"{kind}/{case.name}" for kind, case in CASES])
def test_case(kind: str, case: Path) -> None:
    source = input_file(case)
    text = source.read_bytes().decode("utf-8", errors="replace")
    result = parse_text(ConfigFile(str(source), kind), text)
    check_expected(case, plain_result(result, case, text))
