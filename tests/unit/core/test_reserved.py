"""`port-reserved-by-system`: a claimed port in one of Windows' excluded ranges, and a free-port fix that never
lands in one. The ranges are those of a recorded netsh output (tests/fixtures/netsh/en-localsend-125.txt)."""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from portlint.check import build_report
from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.free_port import choose_free_port
from portlint.core.model import PortRange, Role, Severity, Snapshot
from portlint.system.netsh import parse_excluded_ranges

from .builders import ROOT, claim

RECORDED = parse_excluded_ranges(
    (Path(__file__).resolve().parents[2] / "fixtures" / "netsh" / "en-localsend-125.txt").read_text(encoding="utf-8")
)
WINDOWS = Snapshot(listeners=(), platform="win32", localhost_order=("::1", "127.0.0.1"), reserved=tuple(RECORDED))


def reserved_findings(*claims_: object, snapshot: Snapshot = WINDOWS) -> list[object]:
    found = analyze(claims_, [], snapshot, ROOT)  # type: ignore[arg-type]
    return [f for f in found if f.code == codes.PORT_RESERVED_BY_SYSTEM]


def test_a_flask_port_in_a_winnat_range_is_an_error_with_the_way_out() -> None:
    [finding] = reserved_findings(claim(50100))
    assert finding.severity is Severity.ERROR
    assert finding.port == 50100
    assert "50060–50159" in finding.message
    assert "reserved by Windows (usually Hyper-V / WinNAT / Docker Desktop)" in finding.message
    assert "`net stop winnat` then `net start winnat`" in finding.message
    assert len(finding.message) <= 200
    [related] = finding.related
    assert "netsh interface ipv4 show excludedportrange protocol=tcp" in related.message
    assert "netsh int ipv4 add excludedportrange protocol=tcp startport=50100 numberofports=1" in related.message
    assert "WinError 10013" in related.message


def test_an_administered_range_says_winnat_will_not_free_it() -> None:
    [finding] = reserved_findings(claim(50000))
    assert "an administrator excluded" in finding.message and "winnat" not in finding.message
    assert "startport=50000 numberofports=60" in finding.related[0].message
    assert len(finding.message) <= 200


def test_a_single_port_range_is_named_as_one_port() -> None:
    [finding] = reserved_findings(claim(5985, tool="angular", service="angular app"))
    assert "is in 5985," in finding.message


def test_ports_outside_the_ranges_connect_targets_and_other_platforms_are_quiet() -> None:
    assert reserved_findings(claim(5000), claim(50159 + 1)) == []
    assert reserved_findings(claim(50100, role=Role.CONNECT, host="localhost", target="http://localhost:50100")) == []
    assert reserved_findings(claim(50100), snapshot=replace(WINDOWS, reserved=())) == []
    assert analyze([claim(50100)], [], None, ROOT) == []  # no snapshot, no ranges


def test_the_severity_setting_applies() -> None:
    from portlint.core.model import Settings

    found = analyze([claim(50100)], [], WINDOWS, ROOT, Settings(severities={codes.PORT_RESERVED_BY_SYSTEM: None}))
    assert found == []


# ---- the free-port fix ---------------------------------------------------------------------------------


def test_choose_free_port_skips_every_reserved_port() -> None:
    ranges = [PortRange(5001, 5100), PortRange(4900, 4999)]
    assert choose_free_port(5000, set(), lambda _p: True, reserved=ranges) == 5101
    assert choose_free_port(5000, set(), lambda _p: True) == 5001  # without ranges: the neighbour


def test_the_report_switches_outside_the_ranges_and_every_output_says_so(tmp_path: Path) -> None:
    """Flask on 50100 (in 50060–50159; 50000–50059 and 50164–50263 around it): the bind test says yes to every
    port, yet the fix moves to 50160, the nearest port outside every range. Hover, JSON and SARIF agree."""
    from portlint.lsp.features.hover import hover_text
    from portlint.output.json_report import report_dict
    from portlint.output.sarif import render_sarif
    from portlint.workspace.files import load_workspace

    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=50100\n")
    facts, problems = load_workspace(str(tmp_path))
    report = build_report(str(tmp_path), facts, problems, WINDOWS, environ={}, is_free=lambda _p: True)
    [finding] = report.findings
    assert finding.code == codes.PORT_RESERVED_BY_SYSTEM
    assert finding.fixes[0].title == "Switch to free port 50160"
    assert "**Reserved by the system**" in hover_text(report.claims, report)
    assert "is **free**" not in hover_text(report.claims, report)
    from portlint.output.ports_table import port_rows

    assert port_rows(report)[0][5] == "reserved by Windows (50060–50159)"
    assert report_dict(report)["findings"][0]["code"] == codes.PORT_RESERVED_BY_SYSTEM
    assert codes.PORT_RESERVED_BY_SYSTEM in render_sarif(report)
    from portlint.lsp.convert import diagnostic

    shown = diagnostic(finding)
    assert shown.code == codes.PORT_RESERVED_BY_SYSTEM and shown.message == finding.message
    assert shown.code_description is not None and shown.code_description.href.endswith("#port-reserved-by-system")
    [related] = shown.related_information or []
    assert "net start winnat" in related.message and shown.data["fixes"][0]["title"] == "Switch to free port 50160"


def test_with_port_switches_passes_the_ranges() -> None:
    from portlint.fixes import with_port_switches

    target = claim(50100)
    [finding] = reserved_findings(target)
    seen: list[int] = []

    def is_free(port: int) -> bool:
        seen.append(port)
        return True

    with_port_switches([finding], [target], {50100}, is_free, WINDOWS.reserved)
    assert seen and all(not any(port in item for item in RECORDED) for port in seen)
    assert seen[0] == 50160
