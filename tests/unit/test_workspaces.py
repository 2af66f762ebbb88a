"""Precedence, data-driven: each folder under fixtures/workspaces is a workspace; its expected_claims.json
holds the claims portlint must resolve from it (and the config problems it must report).

PORTLINT_UPDATE_EXPECTED=1 rewrites the expected files; review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from portlint.core.model import Claim, ConfigProblem
from portlint.core.paths import relative
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace

CASES = Path(__file__).parent.parent / "fixtures" / "workspaces"
EXPECTED = "expected_claims.json"


def _range(claim_range: Any) -> list[int]:
    return [claim_range.start.line, claim_range.start.character, claim_range.end.line, claim_range.end.character]


def _claim(claim: Claim, root: str) -> dict[str, Any]:
    return {
        "service": claim.service,
        "role": claim.role.value,
        "host": claim.host,
        "port": claim.port,
        "explicit": claim.explicit,
        "movable": claim.movable,
        "at": f"{relative(claim.location.file, root)}:{_range(claim.location.range)}",
        "also_at": [f"{relative(a.file, root)}:{_range(a.range)}" for a in claim.also_at],
        "origin": claim.origin,
        "insertion": _insertion(claim, root),
    }


def _insertion(claim: Claim, root: str) -> str | None:
    """Where a port switch writes this default out: "file:[l,c,l,c] before|after" (+ " (new file)")."""
    found = claim.insertion
    if found is None:
        return None
    new_file = " (new file)" if found.create_file else ""
    return (
        f"{relative(found.location.file, root)}:{_range(found.location.range)} {found.before}|{found.after}{new_file}"
    )


def _problem(problem: ConfigProblem, root: str) -> dict[str, Any]:
    return {"at": f"{relative(problem.location.file, root)}:{_range(problem.location.range)}", "reason": problem.reason}


def resolved(root: Path) -> dict[str, Any]:
    facts, problems = load_workspace(str(root))
    claims = resolve(facts, str(root), environ={})
    return {
        "claims": sorted((_claim(c, str(root)) for c in claims), key=lambda c: (c["port"], c["service"], c["at"])),
        "problems": [_problem(p, str(root)) for p in problems],
    }


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_workspace_claims(case: str) -> None:
    root = CASES / case
    actual = resolved(root)
    expected_file = root / EXPECTED
    if os.environ.get("PORTLINT_UPDATE_EXPECTED") or not expected_file.exists():
        expected_file.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
        if not os.environ.get("PORTLINT_UPDATE_EXPECTED"):
            pytest.fail(f"{expected_file} did not exist; written now, review it")
    assert actual == json.loads(expected_file.read_text())
