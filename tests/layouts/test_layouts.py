"""The realistic layouts suite (issue 11): portlint's real analysis of each layout against what the real tools
do there. A layout whose expected.json has `known_wrong` is a strict xfail: fixing the bug flips it to a
failure until the entry is removed. The figures (false findings, claimed share) print at the end of the run.
"""

from __future__ import annotations

import pytest

from .figures import compare, expected_of, layout_names
from .record import OUTCOMES


def _case(name: str) -> object:
    known_wrong = expected_of(name).get("known_wrong")
    marks = [pytest.mark.xfail(strict=True, reason=known_wrong)] if known_wrong else []
    return pytest.param(name, id=name, marks=marks)


def test_there_are_enough_layouts() -> None:
    assert len(layout_names()) >= 40


@pytest.mark.parametrize("name", [_case(name) for name in layout_names()])
def test_layout(name: str) -> None:
    outcome = compare(name)
    OUTCOMES.append(outcome)
    assert outcome.right, f"{name}:\n{outcome.explain()}"
