"""What a developer saw in VS Code on the seed story, rule by rule, on the story's real files and a snapshot
given as data (AirPlay's ControlCenter on *:5000, as on a Mac).

Before: five Problems rows for one cause, "Switch to free port 5001" twice in one quick-fix menu, messages
of 280-450 characters, a hover naming the holder once per address, and a fix that moved Flask onto 5001
while the hosting emulator stayed on the held 5000, to drift onto that same 5001.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from msgspec.structs import replace

from portlint.check import Report, build_report
from portlint.core import codes
from portlint.core.model import Finding, Fix, Listener, Severity, Snapshot
from portlint.workspace.files import load_workspace

from ..seed_story import write_story
from .core.builders import AIRPLAY, listener
from .core.test_port_switch import apply_to_folder

MESSAGE_LIMIT = 200  # what the issue asks: what is wrong, who holds the port, the way out
AIRPLAY_5000 = (listener("0.0.0.0", 5000, AIRPLAY), listener("::", 5000, AIRPLAY))


def _report(root: Path, *listeners: Listener) -> Report:
    facts, problems = load_workspace(str(root))
    snap = Snapshot(listeners=listeners, platform="darwin", localhost_order=("::1", "127.0.0.1"))
    held = {item.port for item in listeners}
    return build_report(str(root), facts, problems, snap, environ={}, is_free=lambda port: port not in held)


def _preferred(finding: Finding) -> Fix:
    (fix,) = [fix for fix in finding.fixes if fix.preferred]
    return fix


def _at_least_warning(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity.rank >= Severity.WARNING.rank]


def test_one_cause_is_one_diagnostic_per_place(tmp_path: Path) -> None:
    files = write_story(tmp_path)
    report = _report(tmp_path, *AIRPLAY_5000)
    places = Counter((f.location, f.port) for f in report.findings)
    assert places and all(count == 1 for count in places.values()), places
    at_launch = [f for f in report.findings if f.location.file == str(files["launch"])]
    (held,) = at_launch
    assert held.code == codes.PORT_HELD_BY_FOREIGN_PROCESS
    # The hosting emulator's claim on the same port is not lost: it is in the related information.
    assert any(r.location.file == str(files["firebase"]) for r in held.related)


def test_no_fix_title_twice_at_one_place(tmp_path: Path) -> None:
    write_story(tmp_path)
    report = _report(tmp_path, *AIRPLAY_5000)
    titles: Counter[tuple[object, str]] = Counter()
    for finding in report.findings:
        for fix in finding.fixes:
            titles[(finding.location, fix.title)] += 1
    assert titles and max(titles.values()) == 1, titles
    assert all(sum(fix.preferred for fix in f.fixes) <= 1 for f in report.findings)


def test_messages_say_what_who_and_the_way_out_in_200_characters(tmp_path: Path) -> None:
    write_story(tmp_path)
    report = _report(tmp_path, *AIRPLAY_5000)
    assert report.findings
    for finding in report.findings:
        assert len(finding.message) <= MESSAGE_LIMIT, finding.message
        assert "Way out:" in finding.message
        if finding.code == codes.PORT_HELD_BY_FOREIGN_PROCESS:
            assert "ControlCenter (pid 412), macOS's AirPlay Receiver" in finding.message
            notes = " ".join(r.message for r in finding.related)
            assert (
                "0.0.0.0:5000" in notes or "[::]:5000" in notes
            ) and "System Settings → General → AirDrop & Handoff" in notes


def test_the_preferred_fix_moves_everything_off_the_held_port_and_leaves_the_workspace_clean(tmp_path: Path) -> None:
    files = write_story(tmp_path)
    report = _report(tmp_path, *AIRPLAY_5000)
    held = [f for f in report.findings if f.code == codes.PORT_HELD_BY_FOREIGN_PROCESS]
    assert {f.location.file for f in held} >= {str(files["launch"]), str(files["firebase"]), str(files["proxy"])}
    fixes = {_preferred(f) for f in held}
    assert len(fixes) == 1, "every place of one cause offers the same fix"
    (fix,) = fixes
    assert {edit.file for edit in fix.edits} >= {str(files[k]) for k in ("launch", "flaskenv", "proxy", "firebase")}
    apply_to_folder(tmp_path, fix.edits)
    # The hosting default is written out where firebase-tools reads it.
    assert '"port": ' in files["firebase"].read_text()
    after = _report(tmp_path, *AIRPLAY_5000)
    assert _at_least_warning(after) == [], [f.message for f in after.findings]
    assert 5000 not in {c.port for c in after.claims}


def test_the_fix_never_gives_flask_the_port_a_mover_left_behind_drifts_onto(tmp_path: Path) -> None:
    files = write_story(tmp_path)
    report = _report(tmp_path, *AIRPLAY_5000)
    hosting = next(c for c in report.claims if c.location.file == str(files["firebase"]) and c.port == 5000)
    assert hosting.movable and not hosting.explicit
    # A hosting emulator whose default cannot be written out stays on the held 5000 and moves upward by
    # itself, onto 5001 when that is free: the fix must leave 5001 alone.
    claims = [replace(c, insertion=None) if c.service == hosting.service else c for c in report.claims]
    from portlint.core.analyze import analyze
    from portlint.fixes import with_port_switches

    findings = analyze(claims, [], report.snapshot, str(tmp_path), ours=lambda _listener: False)
    switched = with_port_switches(findings, claims, {c.port for c in claims}, lambda port: port != 5000)
    at_launch = next(f for f in switched if f.location.file == str(files["launch"]))
    fix = _preferred(at_launch)
    new_ports = {edit.new_text for edit in fix.edits}
    assert "5001" not in new_ports and new_ports == {"4999"}, fix
    assert fix.title == "Switch to free port 4999"


def test_the_fix_avoids_the_drift_target_of_a_mover_on_another_taken_port(tmp_path: Path) -> None:
    from portlint.core.analyze import analyze
    from portlint.fixes import with_port_switches

    from .core.builders import ROOT, claim, snapshot

    flask = claim(5000)
    # An emulator on its default 4998, taken by someone else: it starts on 4999 instead.
    mover = claim(4998, service="firebase auth emulator", tool="firebase", file="firebase.json", movable=True)
    mover = replace(mover, explicit=False, insertion=None)
    snap = snapshot(*AIRPLAY_5000, listener("127.0.0.1", 4998, AIRPLAY))
    findings = analyze([flask, mover], [], snap, ROOT)
    taken = {5000, 5001, 4998}  # 5001 is someone else's now: the nearest candidates left are 4999 and 5002
    switched = with_port_switches(findings, [flask, mover], {5000, 4998}, lambda port: port not in taken)
    at_flask = next(f for f in switched if f.location == flask.location)
    assert _preferred(at_flask).title == "Switch to free port 5002"
