"""Installing a pinned set of npm packages once into a folder under tests/.cache (gitignored).

Idempotent: a stamp holding the package.json the install was made from; a matching stamp means done.
A file lock serialises concurrent runs (pytest-xdist, two terminals).
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from pathlib import Path

import pytest

CACHE = Path(__file__).resolve().parents[1] / ".cache"
INSTALL_TIMEOUT = 900.0


def npm_installed(name: str, dependencies: dict[str, str]) -> Path:
    """The folder `tests/.cache/<name>` with `dependencies` installed in its node_modules. Skips when node
    or npm is missing; fails (with npm's words) when the install fails."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed to install the real tool")
    folder = CACHE / name
    folder.mkdir(parents=True, exist_ok=True)
    manifest = json.dumps(
        {"name": f"portlint-fidelity-{name}", "private": True, "dependencies": dependencies}, indent=2
    )
    stamp = folder / ".portlint-installed"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == manifest and (folder / "node_modules").is_dir():
            return folder
        (folder / "package.json").write_text(manifest + "\n")
        stamp.unlink(missing_ok=True)
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
        )
        if result.returncode != 0:
            pytest.fail(f"npm install in {folder} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        stamp.write_text(manifest)
    return folder


def node_version() -> tuple[int, int]:
    """The installed node's (major, minor)."""
    node = shutil.which("node")
    assert node is not None
    text = subprocess.run([node, "--version"], capture_output=True, text=True, check=True, timeout=30).stdout
    major, minor, *_ = text.strip().lstrip("v").split(".")
    return int(major), int(minor)
