"""examples/ci/github-code-scanning.yml: a GitHub Actions workflow that runs `portlint check --format sarif`
and uploads the result to code scanning. Its YAML is parsed and its steps checked, and its own `portlint`
command is run on a real workspace: the SARIF it writes validates against the SARIF 2.1.0 schema, and every
rule carries help text and a help URI, which code scanning shows beside each alert."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from portlint.core import codes
from tests.cli.test_cli import _sarif_schema

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / "examples" / "ci" / "github-code-scanning.yml"
DEMO = REPO / "examples" / "airplay-5000"


def _workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def _steps() -> list[dict[str, Any]]:
    (job,) = _workflow()["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def _check_step() -> dict[str, Any]:
    (step,) = [s for s in _steps() if "portlint check" in s.get("run", "")]
    return step


def test_the_workflow_runs_on_pushes_and_pull_requests_and_may_upload() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu")


def test_checkout_install_check_then_upload_the_same_file() -> None:
    steps = _steps()
    assert steps[0].get("uses", "").startswith("actions/checkout@")
    install = next(i for i, s in enumerate(steps) if "pip install" in s.get("run", ""))
    check = next(i for i, s in enumerate(steps) if "portlint check" in s.get("run", ""))
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert install < check < upload
    command = steps[check]["run"]
    assert "--format sarif" in command and "--no-live" in command and "--fail-on never" in command
    sarif_file = command.rsplit(">", 1)[1].strip()
    assert steps[upload]["with"]["sarif_file"] == sarif_file


def test_the_workflows_own_command_writes_sarif_that_validates(tmp_path: Path) -> None:
    workspace = tmp_path / "project"
    shutil.copytree(DEMO, workspace)
    shims = tmp_path / "bin"
    shims.mkdir()
    shim = shims / "portlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m portlint "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    environment["PATH"] = f"{shims}{os.pathsep}{environment['PATH']}"
    done = subprocess.run(
        ["bash", "-e", "-c", _check_step()["run"]], cwd=workspace, env=environment, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    log = json.loads((workspace / "portlint.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, _sarif_schema())
    (run,) = log["runs"]
    # The demo's Flask and hosting emulator both want 5000; its functions entry has no functions config.
    assert {result["ruleId"] for result in run["results"]} == {codes.PORT_CLAIMED_TWICE, codes.EMULATOR_NOT_STARTED}
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["helpUri"] == codes.docs_url(rule["id"])
