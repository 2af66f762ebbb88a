"""Thousands of claims on one port (2000 folders with an empty `.flaskenv`, all on Flask's default 5000):
each finding points at a bounded number of the others, so time, memory and output grow linearly.
Before, 2000 such folders took 134 s, 15 GB and printed 1.75 GB of JSON."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.static_checks import RELATED_LIMIT

from ..unit.core.builders import ROOT, claim, snapshot
from .test_cli import portlint

FOLDERS = 2500
# Bytes of output per claim, generous: one finding, its message, at most RELATED_LIMIT + 1 related entries.
PER_CLAIM = {"json": 16_000, "sarif": 16_000, "text": 4_000}


def _many_flask_apps(root: Path, count: int) -> None:
    for i in range(count):
        folder = root / f"app{i}"
        folder.mkdir()
        (folder / ".flaskenv").touch()


def test_thousands_of_claims_on_one_port_give_linear_output(tmp_path: Path) -> None:
    _many_flask_apps(tmp_path, FOLDERS)
    for output in ("json", "sarif", "text"):
        # portlint() has a 60 s hang guard: quadratic work (minutes) fails it.
        result = portlint("check", str(tmp_path), "--no-live", "--format", output)
        assert result.returncode == 0, result.stderr  # separate folders, separate stacks: informations
        assert len(result.stdout.encode()) < FOLDERS * PER_CLAIM[output], output
        if output == "json":
            findings = json.loads(result.stdout)["findings"]
            assert len(findings) == FOLDERS and {f["severity"] for f in findings} == {"information"}
            assert all(len(f["related"]) == RELATED_LIMIT + 1 for f in findings)
            more = f"and {FOLDERS - 1 - RELATED_LIMIT} more claims of port 5000"
            assert more in findings[0]["related"][-1]["message"]
    ports = portlint("ports", str(tmp_path), "--no-live")
    assert len(ports.stdout.splitlines()) == FOLDERS + 1


def test_each_double_claim_finding_names_a_few_others_and_counts_the_rest() -> None:
    claims = [claim(5000, service=f"flask app{i}", file=f"app{i}/.flaskenv") for i in range(3000)]
    findings = analyze(claims, [], snapshot(), ROOT)
    assert len(findings) == 3000 and {f.code for f in findings} == {codes.PORT_CLAIMED_TWICE}
    for finding in findings:
        assert len(finding.related) == RELATED_LIMIT + 1
        assert "and 2996 more:" in finding.message  # three names shown of the 2999 others
        assert len(finding.message) < 400
        assert finding.claim is not None and finding.claim.location == finding.location


def test_few_others_are_all_listed_and_a_service_never_rivals_itself() -> None:
    same = [claim(5000, service="flask api", file=f"api/{i}.env", line=i) for i in range(50)]
    other = claim(5000, service="firebase hosting emulator", file="firebase.json")
    findings = analyze([*same, other], [], snapshot(), ROOT)
    on_other = [f for f in findings if f.location == other.location]
    (mine,) = on_other
    assert "and by flask api:" in mine.message
    assert len(mine.related) == RELATED_LIMIT + 1  # 50 claims of one service: bounded too
    for finding in findings:
        if finding is not mine:
            assert [r.location for r in finding.related] == [other.location]
            assert "and by firebase hosting emulator:" in finding.message


def test_a_held_port_wanted_by_thousands_gets_one_fix_with_a_short_title() -> None:
    from portlint.fixes import with_port_switches

    from ..unit.core.builders import AIRPLAY, listener

    claims = [claim(5000, service=f"flask app{i}", file=f"app{i}/.flaskenv") for i in range(3000)]
    findings = analyze(claims, [], snapshot(listener("0.0.0.0", 5000, AIRPLAY)), ROOT)
    switched = with_port_switches(findings, claims, {5000}, lambda port: port != 5000)
    fixes = {fix for finding in switched for fix in finding.fixes if fix.preferred}
    (fix,) = fixes  # one plan for the held port, offered at every place
    assert fix.title.startswith("Move ") and len(fix.title) < 80
    assert len({edit.new_text for edit in fix.edits}) == len(fix.edits)  # each service its own port
