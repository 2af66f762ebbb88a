"""`port-may-drift`, from claims alone: a server that moves by itself while another file hard-codes its port."""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.drift import port_may_drift
from portlint.core.model import Location, Pin, Range, Role, Severity, TextEdit
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree

from .builders import AIRPLAY, ROOT, claim, listener, process, snapshot

PROXY = dict(role=Role.CONNECT, host="localhost", service="vite proxy /api", file="web/vite.config.ts", line=7)


def test_a_moving_server_with_a_hard_coded_target_is_a_warning_with_the_pin_as_its_fix() -> None:
    pin_edit = TextEdit(f"{ROOT}/firebase.json", Range.of(3, 16), '"port": 5000, ')
    hosting = replace(
        claim(5000, tool="firebase", service="firebase hosting emulator", file="firebase.json", movable=True),
        pin=Pin('Set "port": 5000 for the hosting emulator in firebase.json', (pin_edit,)),
    )
    target = claim(5000, target="http://localhost:5000", **PROXY)  # type: ignore[arg-type]
    (finding,) = port_may_drift([hosting, target])
    assert finding.code == codes.PORT_MAY_DRIFT and finding.severity is Severity.WARNING
    assert finding.location == hosting.location and finding.port == 5000
    assert "http://localhost:5000" in finding.message and "firebase-tools" in finding.message
    assert [r.location for r in finding.related] == [target.location]
    (fix,) = finding.fixes
    assert fix.preferred and fix.edits == (pin_edit,)


def test_no_warning_for_a_fixed_server_a_default_target_or_the_servers_own_target() -> None:
    fixed = claim(5000, tool="firebase", service="firebase hosting emulator", file="firebase.json")
    moving = replace(fixed, when_taken=claim(1, tool="firebase", movable=True).when_taken)
    target = claim(5000, target="http://localhost:5000", **PROXY)  # type: ignore[arg-type]
    implied = replace(target, explicit=False)
    own = replace(target, service=moving.service)
    remote = replace(target, host="api.example.com")
    assert port_may_drift([fixed, target]) == []
    assert port_may_drift([moving, implied, own, remote]) == []
    assert len(port_may_drift([moving, target])) == 1


def test_analyze_reports_it_once_per_place() -> None:
    moving = claim(5000, tool="firebase", service="firebase hosting emulator", file="firebase.json", movable=True)
    again = replace(moving, origin="the same default, another way to run")
    targets = [claim(5000, target="http://localhost:5000", **PROXY), claim(5000, target="x", **PROXY)]  # type: ignore[arg-type]
    drift = [f for f in analyze([moving, again, *targets], [], None, ROOT) if f.code == codes.PORT_MAY_DRIFT]
    assert len(drift) == 1 and len(drift[0].related) == 2
    assert isinstance(drift[0].location, Location)


def test_a_vite_proxy_to_firebase_hostings_default_port(tmp_path: Path) -> None:
    files = {
        "firebase.json": '{\n  "hosting": {"public": "dist"},\n  "emulators": {\n    "hosting": {}\n  }\n}\n',
        "web/vite.config.ts": "export default { server: { proxy: { '/api': 'http://localhost:5000' } } }\n",
    }
    write_tree(tmp_path, files)
    facts, problems = load_workspace(str(tmp_path))
    assert not problems
    findings = [f for f in analyze(resolve(facts, str(tmp_path), {}), [], None, str(tmp_path))]
    (drift,) = [f for f in findings if f.code == codes.PORT_MAY_DRIFT]
    assert drift.location.file == str(tmp_path / "firebase.json")
    assert drift.fixes[0].title == 'Set "port": 5000 for the hosting emulator in firebase.json'
    assert drift.fixes[0].edits[0].new_text == '"port": 5000'


def test_no_warning_when_a_fixed_server_shares_the_port_the_target_means() -> None:
    """Issue 11's seed story: the proxy to 5000 means Flask, not the hosting emulator that also wants 5000."""
    hosting = claim(5000, tool="firebase", service="firebase hosting emulator", file="firebase.json", movable=True)
    flask = claim(5000)
    target = claim(5000, target="http://localhost:5000", **PROXY)  # type: ignore[arg-type]
    assert port_may_drift([hosting, flask, target]) == []


def test_a_vite_proxy_to_localhost_reaching_a_foreign_ipv6_listener(tmp_path: Path) -> None:
    """Vite's proxy targets are proxy claims like Angular's: Node ≥ 17 connects to `localhost`'s first
    address, so AirPlay on ::1 answers instead of Flask on 127.0.0.1."""
    files = {
        "backend/.flaskenv": "FLASK_RUN_PORT=5000\n",
        "web/vite.config.ts": "export default { server: { proxy: { '/api': 'http://localhost:5000' } } }\n",
    }
    write_tree(tmp_path, files)
    facts, _ = load_workspace(str(tmp_path))
    flask = process(900, "python3", cwd=str(tmp_path / "backend"), cmdline=("python3", "-m", "flask", "run"))
    live = snapshot(listener("::1", 5000, AIRPLAY), listener("127.0.0.1", 5000, flask))
    findings = analyze(resolve(facts, str(tmp_path), {}), [], live, str(tmp_path))
    (elsewhere,) = [f for f in findings if f.code == codes.LOCALHOST_RESOLVES_ELSEWHERE]
    assert elsewhere.location.file == str(tmp_path / "web" / "vite.config.ts")
    assert "`localhost` resolves first to ::1" in elsewhere.message and "127.0.0.1" in elsewhere.message
    assert any("http://localhost:5000" in related.message for related in elsewhere.related)


def test_a_vite_apps_api_url_hard_codes_a_next_dev_default_that_may_move(tmp_path: Path) -> None:
    """`VITE_API_URL=http://localhost:3000` beside vite.config, `next dev` on its default 3000: when 3000 is
    taken Next starts on 3001 and the browser calls the wrong process. Fix: `-p 3000` after `next dev`."""
    files = {
        "web/vite.config.ts": "export default {}\n",
        "web/.env.local": "VITE_API_URL=http://localhost:3000/api\nVITE_TITLE=shop\n",
        "api/package.json": '{"scripts": {"dev": "next dev"}}',
    }
    write_tree(tmp_path, files)
    facts, problems = load_workspace(str(tmp_path))
    assert not problems
    claims = resolve(facts, str(tmp_path), {})
    (url,) = [c for c in claims if c.role is Role.CONNECT]
    assert (url.port, url.target, url.location.range) == (3000, "http://localhost:3000/api", Range.of(0, 30, 0, 34))
    findings = analyze(claims, [], None, str(tmp_path))
    (drift,) = [f for f in findings if f.code == codes.PORT_MAY_DRIFT]
    assert drift.location.file == str(tmp_path / "api" / "package.json")
    assert drift.fixes[0].edits[0].new_text == " -p 3000"
    assert not [f for f in findings if f.code == codes.PROXY_TARGET_MISMATCH]  # a browser URL is no dev proxy


def test_an_angular_environment_url_hard_codes_a_hosting_emulator_default(tmp_path: Path) -> None:
    """`apiUrl: 'http://localhost:5000'` in an Angular environment file, firebase hosting on its default 5000
    (which moves when taken): the app's API calls follow 5000, not the emulator."""
    files = {
        "firebase.json": '{\n  "hosting": {"public": "dist"},\n  "emulators": {\n    "hosting": {}\n  }\n}\n',
        "src/environments/environment.ts": "export const environment = { apiUrl: 'http://localhost:5000' };\n",
    }
    write_tree(tmp_path, files)
    facts, problems = load_workspace(str(tmp_path))
    assert not problems
    findings = analyze(resolve(facts, str(tmp_path), {}), [], None, str(tmp_path))
    (drift,) = [f for f in findings if f.code == codes.PORT_MAY_DRIFT]
    assert "environment.apiUrl" in drift.message and drift.fixes[0].edits[0].new_text == '"port": 5000'
