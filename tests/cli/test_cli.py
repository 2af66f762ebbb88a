"""The command line as a user runs it: a real `python -m portlint` process on real workspaces."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "airplay-5000"
WORKSPACES = REPO / "tests" / "fixtures" / "workspaces"
CACHE = REPO / "tests" / ".cache"
SARIF_PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"  # carries the OASIS SARIF 2.1.0 (rtm.5) schema
SARIF_SCHEMA = "package/lib/schemas/sarif-2.1.0-rtm.5.json"


def portlint(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "portlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=60,
    )


def test_check_no_live_reports_the_double_claim_and_exits_by_fail_level() -> None:
    result = portlint("check", str(DEMO), "--no-live")
    assert result.returncode == 0, result.stderr  # only warnings without the live look
    assert "firebase.json:10:6: warning port-claimed-twice: Port 5000" in result.stdout
    assert "listeners not checked (--no-live)" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert portlint("check", str(DEMO), "--no-live", "--fail-on", "warning").returncode == 1
    assert portlint("check", str(DEMO), "--no-live", "--fail-on", "never").returncode == 0


def test_colour_can_be_forced() -> None:
    result = portlint("check", str(DEMO), "--no-live", "--color", "always")
    assert "\x1b[33mwarning\x1b[0m" in result.stdout


def test_json_report_follows_the_documented_shape() -> None:
    result = portlint("check", str(DEMO), "--no-live", "--format", "json")
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["root"] == str(DEMO)
    assert report["live"] is False and report["listeners"] == []
    flask = next(c for c in report["claims"] if c["service"] == "flask backend/app.py")
    assert flask == {
        "service": "flask backend/app.py",
        "tool": "flask",
        "role": "listen",
        "host": "127.0.0.1",
        "port": 5000,
        "explicit": True,
        "movable": False,
        "file": "backend/.flaskenv",
        "range": {"start": {"line": 2, "character": 15}, "end": {"line": 2, "character": 19}},
        "origin": flask["origin"],
        "target": None,
        "remote": False,
        "holders": [],
        "side": None,
    }
    assert "FLASK_RUN_PORT in backend/.flaskenv" in flask["origin"]
    proxy = next(c for c in report["claims"] if c["role"] == "connect")
    assert proxy["target"] == "http://localhost:5000" and proxy["file"] == "src/proxy.conf.json"
    codes = {f["code"]: f for f in report["findings"]}
    # emulators.functions without a top-level functions config: firebase-tools does not start it
    assert set(codes) == {"port-claimed-twice", "emulator-not-started"}
    finding = codes["port-claimed-twice"]
    assert set(finding) == {"code", "severity", "message", "file", "range", "port", "related", "fixes"}


def _sarif_schema() -> dict[str, Any]:
    schema = CACHE / "sarif-2.1.0-rtm.5.json"
    if not schema.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to fetch the SARIF schema (Node 20 is a documented prerequisite)"
        CACHE.mkdir(parents=True, exist_ok=True)
        packed = (
            subprocess.run(
                [npm, "pack", SARIF_PACKAGE, "--silent"], cwd=CACHE, capture_output=True, text=True, check=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        with tarfile.open(CACHE / packed) as archive:
            member = archive.extractfile(SARIF_SCHEMA)
            assert member is not None
            schema.write_bytes(member.read())
        (CACHE / packed).unlink()
    loaded: dict[str, Any] = json.loads(schema.read_text())
    return loaded


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    workspace = WORKSPACES / "unreadable-json"
    result = portlint("check", str(workspace), "--no-live", "--format", "sarif", "--fail-on", "never")
    log = json.loads(result.stdout)
    jsonschema.validate(log, _sarif_schema())
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "portlint"
    (unreadable,) = run["results"]
    assert unreadable["ruleId"] == "config-unreadable"
    region = unreadable["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2 and region["startColumn"] == 1  # 1-based


def test_sarif_with_fixes_and_related_locations_validates(tmp_path: Path) -> None:
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    (tmp_path / "proxy.conf.json").write_text('{"/api": {"target": "http://localhost:5001"}}\n')
    (tmp_path / "firebase.json").write_text('{"hosting": {"public": "public"}, "emulators": {"hosting": {}}}\n')
    result = portlint("check", str(tmp_path), "--no-live", "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.validate(log, _sarif_schema())
    results = log["runs"][0]["results"]
    mismatch = next(r for r in results if r["ruleId"] == "proxy-target-mismatch")
    (change,) = mismatch["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["insertedContent"]["text"] == "5000"
    twice = next(r for r in results if r["ruleId"] == "port-claimed-twice")
    assert twice["relatedLocations"]


def test_ports_table_lists_every_claim() -> None:
    result = portlint("ports", str(DEMO), "--no-live")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SERVICE", "ROLE", "PORT", "HOST", "CONFIG", "HOLDER"]
    assert any("angular web proxy /api" in line and "connect" in line and "5000" in line for line in lines)
    assert any("firebase hosting emulator" in line and "(default)" in line for line in lines)
    assert all("not checked" in line for line in lines[1:])


def test_environment_variables_count_like_flask_run_in_the_same_shell(tmp_path: Path) -> None:
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5001\n")
    result = portlint("ports", str(tmp_path), "--no-live", "--format", "json", env={"FLASK_RUN_PORT": "5123"})
    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["port"] == 5123
    assert "FLASK_RUN_PORT in the environment" in claim["origin"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--format", "xml"), "invalid choice: 'xml'"),
        (("check", "/definitely/not/here"), "is not a folder"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "usage:"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(args: tuple[str, ...], message: str) -> None:
    result = portlint(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_never_crashes(tmp_path: Path) -> None:
    (tmp_path / "firebase.json").write_text('{"emulators": {"hosting": {"port": 50')
    (tmp_path / "proxy.conf.json").write_bytes(b"\x00\x01\x02binary\xff")
    (tmp_path / "angular.json").write_text(" " * 10 + "{" * 5000)
    (tmp_path / ".flaskenv").write_bytes(b"FLASK_RUN_PORT=\xff\xfe5000\n")
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "firebase.json").write_text(" " * (2 * 1024 * 1024))
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "again").symlink_to(tmp_path / "loop")
    result = portlint("check", str(tmp_path), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)["findings"]
    unreadable = {f["file"]: f["message"] for f in findings if f["code"] == "config-unreadable"}
    assert set(unreadable) >= {"firebase.json", "proxy.conf.json", "angular.json", ".flaskenv", "big/firebase.json"}
    assert "binary" in unreadable["proxy.conf.json"]
    assert "1 MiB" in unreadable["big/firebase.json"]


def test_json_and_sarif_offer_the_switch_to_free_port_fix_the_editor_offers(tmp_path: Path) -> None:
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5000\n")
    (tmp_path / "firebase.json").write_text(
        '{"hosting": {"public": "public"}, "emulators": {"hosting": {"port": 5000}}}\n'
    )
    report = json.loads(portlint("check", str(tmp_path), "--no-live", "--format", "json").stdout)
    twice = [f for f in report["findings"] if f["code"] == "port-claimed-twice"]
    assert len(twice) == 2
    for finding in twice:
        switch = finding["fixes"][0]
        assert switch["title"].startswith("Switch to free port ") and switch["preferred"] is True
        assert switch["edits"] and switch["edits"][0]["file"] == finding["file"]
    log = json.loads(portlint("check", str(tmp_path), "--no-live", "--format", "sarif").stdout)
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == "port-claimed-twice"]
    assert all(r["fixes"][0]["description"]["text"].startswith("Switch to free port ") for r in results)


def test_fifos_and_devices_named_like_configs_are_reported_not_read(tmp_path: Path) -> None:
    """A plain open() of a FIFO waits for a writer for ever; `timeout=60` in `portlint()` guards the hang."""
    os.mkfifo(tmp_path / "firebase.json")
    os.mkfifo(tmp_path / "tool.py")
    (tmp_path / "angular.json").symlink_to("/dev/zero")
    (tmp_path / "Procfile").symlink_to("/dev/stdin")
    (tmp_path / "package.json").mkdir()
    result = portlint("check", str(tmp_path), "--no-live", "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    unreadable = {f["file"]: f["message"] for f in findings if f["code"] == "config-unreadable"}
    assert set(unreadable) == {"firebase.json", "angular.json", "Procfile", "package.json"}  # not tool.py
    assert (
        "firebase.json could not be read: it is a FIFO (named pipe), not a regular file" in unreadable["firebase.json"]
    )
    assert "it is a character device, not a regular file" in unreadable["angular.json"]
    assert "not a regular file" in unreadable["Procfile"]  # stdin: a pipe, a terminal or /dev/null
    assert "it is a folder, not a regular file" in unreadable["package.json"]
