"""One report feeds every consumer: the settings are applied once, ours/foreign is decided once per holder,
and every fix reaches every output (JSON, SARIF, ports table, hover, port map)."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.check import Report, build_report
from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import Listener, Process, Settings, Snapshot, Socket
from portlint.lsp.features.hover import hover_text
from portlint.output.json_report import report_dict
from portlint.output.port_map import port_map
from portlint.output.ports_table import port_rows
from portlint.output.sarif import render_sarif
from portlint.workspace.files import load_workspace

from .core.builders import AIRPLAY, ROOT, claim, listener, snapshot

DOCKER = Process(pid=4100, name="docker-proxy", cmdline=("/usr/bin/docker-proxy", "-host-port", "5000"), cwd="/")


def _report(root: Path, settings: Settings, *listeners: Listener, is_free: bool = True) -> Report:
    facts, problems = load_workspace(str(root))
    snap = Snapshot(listeners=listeners) if listeners else None
    return build_report(str(root), facts, problems, snap, settings, {}, is_free=lambda _port: is_free)


def _flask_on_5000(tmp_path: Path) -> Path:
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    return tmp_path


def test_never_foreign_is_heard_by_json_ports_table_hover_and_port_map(tmp_path: Path) -> None:
    root = _flask_on_5000(tmp_path)
    docker = Listener(Socket("0.0.0.0", 5000, 4), DOCKER)
    report = _report(root, Settings(never_foreign=frozenset({"docker-proxy"})), docker)
    assert not [f for f in report.findings if f.code == codes.PORT_HELD_BY_FOREIGN_PROCESS]
    data = report_dict(report)
    assert data["listeners"][0]["ours"] is True
    (flask,) = data["claims"]
    assert flask["side"] == "ours"
    (row,) = port_rows(report)
    assert row[-1] == "ours"
    hover = hover_text(report.claims, report)
    assert "ours (runs from this workspace)" in hover and "**foreign**" not in hover
    (folder,) = port_map({str(root): report})["folders"]
    assert folder["listeners"][0]["ours"] is True
    assert folder["claims"][0]["side"] == "ours"


def test_without_never_foreign_the_same_holder_is_foreign_everywhere(tmp_path: Path) -> None:
    root = _flask_on_5000(tmp_path)
    report = _report(root, Settings(), Listener(Socket("0.0.0.0", 5000, 4), DOCKER))
    assert [f.code for f in report.findings] == [codes.PORT_HELD_BY_FOREIGN_PROCESS]
    assert report_dict(report)["claims"][0]["side"] == "foreign"
    assert port_rows(report)[0][-1] == "FOREIGN"
    assert "**foreign**" in hover_text(report.claims, report)


def test_ignored_ports_leave_the_port_map_and_the_json(tmp_path: Path) -> None:
    root = _flask_on_5000(tmp_path)
    (root / "firebase.json").write_text('{"emulators": {"auth": {"port": 9099}, "ui": {"enabled": false}}}\n')
    report = _report(root, Settings(ignored_ports=frozenset({5000})), listener("0.0.0.0", 5000, AIRPLAY))
    assert {c.port for c in report.claims} == {4400, 4500, 9099}  # the hub and logging always start
    (folder,) = port_map({str(root): report})["folders"]
    assert sorted(c["port"] for c in folder["claims"]) == [4400, 4500, 9099]
    assert folder["listeners"] == [] and folder["problems"] == 0
    assert sorted(c["port"] for c in report_dict(report)["claims"]) == [4400, 4500, 9099]


def test_json_and_sarif_carry_the_switch_to_free_port_fix(tmp_path: Path) -> None:
    root = _flask_on_5000(tmp_path)
    report = _report(root, Settings(), listener("0.0.0.0", 5000, AIRPLAY))
    (held,) = report_dict(report)["findings"]
    switch = held["fixes"][0]
    assert switch["title"] == "Switch to free port 5001" and switch["preferred"] is True
    assert switch["edits"] == [
        {
            "file": ".flaskenv",
            "range": {"start": {"line": 0, "character": 15}, "end": {"line": 0, "character": 19}},
            "newText": "5001",
        }
    ]
    (result,) = json.loads(render_sarif(report))["runs"][0]["results"]
    titles = [fix["description"]["text"] for fix in result["fixes"]]
    assert "Switch to free port 5001" in titles


def test_no_switch_when_no_port_nearby_is_free(tmp_path: Path) -> None:
    root = _flask_on_5000(tmp_path)
    report = _report(root, Settings(), listener("0.0.0.0", 5000, AIRPLAY), is_free=False)
    (held,) = report.findings
    assert not any(fix.title.startswith("Switch to free port") for fix in held.fixes)


def test_a_finding_knows_its_claim() -> None:
    flask, other = claim(5000), claim(5000, service="flask api/app.py", file="api/.flaskenv")
    held_snapshot = snapshot(listener("0.0.0.0", 5000, AIRPLAY))
    findings = analyze([flask, other], [], held_snapshot, ROOT)
    assert findings
    for finding in findings:
        assert finding.claim in (flask, other)
        assert finding.claim is not None and finding.claim.location == finding.location
