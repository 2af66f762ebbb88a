"""angular.json: data-driven cases under tests/fixtures/configs/angular/<case>/ (input + expected.json).

Run with PORTLINT_UPDATE_EXPECTED=1 to rewrite the expected files, then review the diff: every location
is shown with the text it covers, so a wrong range is visible at a glance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.tools.angular.angular_json import parse_angular
from tests.unit.configs.expected import cases, check_expected, plain_result

CASES = cases("angular")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path) -> None:
    source = next(path for path in sorted(case.iterdir()) if path.name != "expected.json")
    text = source.read_bytes().decode("utf-8", errors="replace")
    check_expected(case, plain_result(parse_angular(str(source), text), case, text))
