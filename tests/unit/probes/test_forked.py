"""Loading on two cores (`portlint check` on a large workspace): a forked child loads every second file and
the results are exactly those of a serial load, even when the child fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.facts import ParseResult
from portlint.output.json_report import render_json
from portlint.workspace.discover import ConfigFile, discover
from portlint.workspace.files import load_workspace
from portlint.workspace.forked import FORK_AT_LEAST, Loader, can_fork, load_on_two_cores
from portlint.workspace.load import load

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="two cores are used on Linux only")

APP = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(port=5{:03d})\n"


def workspace(root: Path) -> list[ConfigFile]:
    """Apps, blueprints, plain modules, and configs that are problems (binary, not UTF-8, a folder)."""
    for number in range(60):
        module = root / "backend" / f"m{number}.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        if number % 3 == 0:
            module.write_text(APP.format(number))
        elif number % 3 == 1:
            module.write_text("from flask import Blueprint\n\nbp = Blueprint('b', __name__)\n")
        else:
            module.write_text("x = 1\n")
    (root / "firebase.json").write_bytes(b"{\0}")
    (root / "web").mkdir()
    (root / "web" / "proxy.conf.json").write_bytes(b'{"/api": "\xff"}')
    (root / "api").mkdir()
    (root / "api" / "package.json").mkdir()
    (root / "Procfile").write_text("api: flask --app backend/m0 run --port 5100\n")
    return discover(str(root)).files


def test_two_cores_load_exactly_what_one_loads(tmp_path: Path) -> None:
    files = workspace(tmp_path)
    serial = [(file, load(file, str(tmp_path))) for file in files]
    assert sum(bool(result.facts) for _, result in serial) >= 40
    assert sum(bool(result.problems) for _, result in serial) == 3
    assert load_on_two_cores(files, str(tmp_path), load) == serial


def loads_in_the_parent_only(parent: int) -> Loader:
    def loader(file: ConfigFile, root: str) -> ParseResult:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return load(file, root)

    return loader


def test_a_child_that_fails_leaves_its_share_to_this_process(tmp_path: Path) -> None:
    files = workspace(tmp_path)
    serial = [(file, load(file, str(tmp_path))) for file in files]
    loader = loads_in_the_parent_only(os.getpid())
    assert load_on_two_cores(files, str(tmp_path), loader) == serial


def test_a_small_workspace_or_a_threaded_process_is_loaded_on_one(tmp_path: Path) -> None:
    assert not can_fork(FORK_AT_LEAST - 1)
    workspace(tmp_path)
    assert load_workspace(str(tmp_path), two_cores=True) == load_workspace(str(tmp_path))


def test_portlint_check_on_a_large_workspace_says_what_a_serial_load_says(tmp_path: Path) -> None:
    workspace(tmp_path)
    for number in range(FORK_AT_LEAST):
        (tmp_path / "backend" / f"plain{number}.py").write_text("x = 1\n")
    command = [sys.executable, "-m", "portlint", "check", "--format", "json", "--no-live", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr  # the binary firebase.json is an error
    assert done.stdout == render_json(check_workspace(str(tmp_path), live=False, environ=os.environ))
