"""The realistic layouts suite (issue 11): portlint's real analysis of each layout against what the real tools
do there. A layout whose expected.json has `known_wrong` is a strict xfail: fixing the bug flips it to a
failure until the entry is removed. The figures (false findings, claimed share) print at the end of the run.
"""

from __future__ import annotations

import pytest

from .figures import analyse, compare, expected_of, layout_names
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


def test_the_comparison_sees_what_is_wrong() -> None:
    """A claim portlint does not make, one it makes but must not, and a true finding it does not report are each
    seen (else a strict xfail would prove nothing)."""
    name = "fullstack-frontend-background"  # portlint claims 5000 for background/flask_app.py here
    wrong = {
        "claims": [{"service_contains": "no such service", "port": 1, "role": "listen"}],
        "not_claimed": [{"port": 5000, "file": "background/flask_app.py"}],
        "findings": [{"code": "*", "file": "frontend/angular.json", "severity": "error"}],
    }
    outcome = compare(name, analyse(name), wrong)
    assert (len(outcome.missing), len(outcome.invented), len(outcome.missed_findings)) == (1, 1, 1)
    assert not outcome.right
