"""The JSON Schema of the `--format json` report (server/portlint/output/report.schema.json, version 1),
checked against real outputs of `portlint check` and `portlint ports` on many workspaces: with and without
the live look, with findings, fixes, related places and unreadable configs.

Every output must validate against the published schema, and also against a strict copy that allows no
property the schema does not name: a field added to the output without the schema fails here."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from portlint.core import codes
from tests.holders import listener

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "workspaces"
DEMO = REPO / "examples" / "airplay-5000"


def _schema() -> dict[str, Any]:
    text = resources.files("portlint.output").joinpath("report.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _strict(schema: Any) -> Any:
    """The schema with `additionalProperties: false` on every object that names its properties."""
    if isinstance(schema, dict):
        strict = {key: _strict(value) for key, value in schema.items()}
        if "properties" in strict:
            strict["additionalProperties"] = False
        return strict
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def _portlint(*args: str) -> dict[str, Any]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    done = subprocess.run(
        [sys.executable, "-m", "portlint", *args, "--format", "json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    output: dict[str, Any] = json.loads(done.stdout)
    return output


def _validate(report: dict[str, Any]) -> None:
    jsonschema.validate(report, _schema(), cls=jsonschema.Draft202012Validator)
    jsonschema.validate(report, _strict(_schema()), cls=jsonschema.Draft202012Validator)
    assert {finding["code"] for finding in report["findings"]} <= set(codes.ALL_CODES)


@pytest.fixture(scope="module")
def held_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace whose Flask port a foreign process holds (a finding with a "Switch to free port" fix and
    related places), with a proxy target, a port claimed twice and a half-typed firebase.json."""
    root = tmp_path_factory.mktemp("held")
    with listener(name="devserver") as holder:
        (root / ".flaskenv").write_text(f"FLASK_RUN_PORT={holder.port}\n")
        (root / "proxy.conf.json").write_text(f'{{"/api": {{"target": "http://localhost:{holder.port}"}}}}\n')
        (root / "api").mkdir()
        (root / "api" / ".flaskenv").write_text(f"FLASK_RUN_PORT={holder.port}\n")
        (root / "web").mkdir()
        (root / "web" / "firebase.json").write_text('{"emulators": {"auth": {"port": 9099,\n')
        yield root


def test_the_schema_is_valid_draft_2020_12_and_requires_every_field_it_names() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    objects = [schema, *(d for d in schema["$defs"].values() if "properties" in d)]
    for definition in objects:
        assert set(definition["required"]) == set(definition["properties"]), definition.get("description")


@pytest.mark.parametrize("workspace", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_fixture_workspace_without_the_live_look(workspace: str) -> None:
    for command in ("check", "ports"):
        report = _portlint(command, str(FIXTURES / workspace), "--no-live")
        assert report["live"] is False and report["listeners"] == []
        _validate(report)


def test_live_reports_with_listeners_findings_fixes_and_problems(held_workspace: Path) -> None:
    seen: dict[str, bool] = {}
    for root in (held_workspace, DEMO):
        for command in ("check", "ports"):
            report = _portlint(command, str(root))
            assert report["live"] is True
            _validate(report)
            findings = report["findings"]
            seen["listener with a pid"] = seen.get("listener with a pid") or any(
                entry["pid"] for entry in report["listeners"]
            )
            seen["foreign side"] = seen.get("foreign side") or any(c["side"] == "foreign" for c in report["claims"])
            seen["connect target"] = seen.get("connect target") or any(c["target"] for c in report["claims"])
            seen["fix with edits"] = seen.get("fix with edits") or any(
                fix["edits"] for f in findings for fix in f["fixes"]
            )
            seen["related"] = seen.get("related") or any(f["related"] for f in findings)
            seen["unreadable"] = seen.get("unreadable") or any(f["code"] == codes.CONFIG_UNREADABLE for f in findings)
    assert all(seen.values()), seen


def test_a_report_that_breaks_the_schema_is_caught() -> None:
    report = _portlint("check", str(DEMO), "--no-live")
    broken = copy.deepcopy(report)
    broken["claims"][0]["role"] = "serve"
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)
    extra = copy.deepcopy(report)
    extra["findings"][0]["hint"] = "a field the schema does not name"
    jsonschema.validate(extra, _schema())  # allowed to consumers: new fields may come within version 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(extra, _strict(_schema()))


def test_a_remote_proxy_target_is_marked_remote_and_a_local_one_is_not(tmp_path: Path) -> None:
    """The ports table says `remote` for a target on another machine; the JSON (and the editor's port map,
    made from the same claim) must say so too, not leave it looking like a local port nobody answers."""
    (tmp_path / "proxy.conf.json").write_text(
        '{"/api": {"target": "https://api.example.com"}, "/local": {"target": "http://localhost:5000"}}\n'
    )
    (tmp_path / "angular.json").write_text(
        '{"projects": {"web": {"architect": {"serve": {"builder": "@angular-devkit/build-angular:dev-server",'
        ' "options": {"proxyConfig": "proxy.conf.json"}}}}}}\n'
    )
    report = _portlint("check", str(tmp_path), "--no-live")
    _validate(report)
    remote = {claim["host"]: claim["remote"] for claim in report["claims"] if claim["role"] == "connect"}
    assert remote == {"api.example.com": True, "localhost": False}
