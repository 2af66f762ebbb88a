"""Cloud Functions sources (the file firebase.json's rewrites lead to): data-driven cases under
tests/fixtures/configs/functions/<case>/ (index.js + expected.json). PORTLINT_UPDATE_EXPECTED=1 rewrites the
expected files; review the diff by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.tools.firebase.functions_source import parse_functions_source
from tests.unit.configs.expected import cases, check_expected, plain_result

CASES = cases("functions")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path) -> None:
    source = next(path for path in sorted(case.iterdir()) if path.suffix in (".js", ".ts"))
    text = source.read_bytes().decode("utf-8", errors="replace")
    check_expected(case, plain_result(parse_functions_source(str(source), text), case, text))
