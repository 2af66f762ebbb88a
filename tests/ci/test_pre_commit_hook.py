"""The pre-commit hook this repository publishes (.pre-commit-hooks.yaml), run the way a user's project runs
it: `pre-commit try-repo` on this repository, which clones it, creates the hook's virtualenv, pip-installs
portlint into it from the clone (`language: python`) and runs `portlint check --no-live` when a config file
the registry names is among the files.

Offline: pip gets no index (PIP_NO_INDEX). Two things would otherwise come from it: the build backend,
taken from the setuptools wheel that virtualenv bundles (PIP_FIND_LINKS), and portlint's dependencies,
which this test's own environment already has (on PYTHONPATH, so pip in the hook's virtualenv counts them
as installed). portlint itself is built and installed from the clone, as for a user.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import virtualenv
import yaml

REPO = Path(__file__).resolve().parents[2]
INSTALL_GUARD = 600  # seconds: creating the hook's virtualenv and building portlint into it


@pytest.fixture(scope="module")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    wheels = tmp_path_factory.mktemp("wheels")
    embedded = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
    setuptools = sorted(embedded.glob("setuptools-*.whl"))
    assert setuptools, f"virtualenv bundles no setuptools wheel in {embedded}"
    (wheels / setuptools[-1].name).write_bytes(setuptools[-1].read_bytes())
    paths = sysconfig.get_paths()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUALENV_", "FLASK_"))}
    environment.update(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),  # the hook's environments, kept per run
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheels),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PYTHONPATH=os.pathsep.join(dict.fromkeys((paths["purelib"], paths["platlib"]))),
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
    )
    return environment


def _project(tmp_path: Path, port: int, env: dict[str, str]) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
    (project / "README.md").write_text("notes\n")
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "start"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True, capture_output=True)
    return project


def _try_repo(project: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "portlint", "--verbose", "--files", *files]
    return subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, timeout=INSTALL_GUARD)


def test_the_hook_fails_on_an_error_and_names_it(tmp_path: Path, pre_commit_env: dict[str, str]) -> None:
    project = _project(tmp_path, 6000, pre_commit_env)
    done = _try_repo(project, pre_commit_env, ".flaskenv")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "portlint (dev-server ports)" in done.stdout and "Failed" in done.stdout
    assert ".flaskenv:1:16: error browser-restricted-port: Port 6000" in done.stdout
    assert "listeners not checked (--no-live)" in done.stdout


def test_the_hook_passes_a_clean_project_and_skips_other_files(tmp_path: Path, pre_commit_env: dict[str, str]) -> None:
    project = _project(tmp_path, 5050, pre_commit_env)
    passed = _try_repo(project, pre_commit_env, ".flaskenv")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    (project / ".flaskenv").write_text("FLASK_RUN_PORT=6000\n")  # an error, but only README.md is committed
    skipped = _try_repo(project, pre_commit_env, "README.md")
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "(no files to check)Skipped" in skipped.stdout


def test_the_manifest_is_what_pre_commit_expects() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "portlint" and hook["language"] == "python"
    assert hook["entry"] == "portlint check --no-live" and hook["pass_filenames"] is False
    raw = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert raw[0]["files"].startswith("(?x)^(")
