"""Fuzz whole workspaces with the shapes of hostile and unlucky ones (issue 10): FIFOs, sockets, devices and
folders under config names, configs of one very long line, pathological `.gitignore` patterns, and many
claims on one port, mixed at random. Every check ends (each case runs in a child process under a generous
hang guard), every output format is valid and bounded by the workspace's size, and nothing raises."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .tally import TRIED, examples, write_tally

HANG_GUARD = 120  # seconds for one check of one workspace: the slowest shape here takes well under one
CONFIG_NAMES = ("firebase.json", "angular.json", "package.json", "Procfile", "Makefile", "proxy.conf.json")
CONFIG_NAMES += ("app.py",)


def _nested_ints(n: int) -> str:
    depth = min(n, 2000)
    return "from flask import Flask\napp = Flask(__name__)\nport = " + "int(" * depth + "1" + ")" * depth + "\n"


# Configs of one very long line (n: about how long), each a shape that once took quadratic time.
LONG_LINES = {
    "firebase.json": lambda n: '{"emulators": {' + ", ".join(f'"e{i}": {{"port": {5000 + i % 9}}}' for i in range(n))
    + "}}",
    "angular.json": lambda n: '{"projects": {' + ", ".join(f'"p{i}": {{}}' for i in range(n)) + "}}",
    "package.json": lambda n: '{"scripts": {"dev": "flask run' + " " * n + '--port 5001"}}',
    "Procfile": lambda n: "web: flask run" + " " * n + "--port 5002\n",
    "app.py": _nested_ints,
}  # fmt: skip
GITIGNORES = ("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c\n", "**/**/**/**/**/**/x\n", "[" * 500 + "\n")
GITIGNORES += ("!*\n" * 2000,)
FUZZ = settings(max_examples=examples(25), deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _special(path: Path, what: str) -> None:
    if what == "fifo":
        os.mkfifo(path)
    elif what == "socket":
        with socket.socket(socket.AF_UNIX) as unix:
            unix.bind(str(path))  # the file stays after the socket is closed
    elif what == "device":
        path.symlink_to("/dev/zero")
    elif what == "folder":
        path.mkdir()


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, object]:
    return {
        "specials": draw(
            st.lists(
                st.tuples(st.sampled_from(CONFIG_NAMES), st.sampled_from(("fifo", "socket", "device", "folder"))),
                max_size=3,
                unique_by=lambda pair: pair[0],
            )
        ),
        "long": draw(st.lists(st.sampled_from(sorted(LONG_LINES)), max_size=2, unique=True)),
        "length": draw(st.sampled_from((1_000, 30_000, 120_000))),
        "gitignore": draw(st.sampled_from(("", *GITIGNORES))),
        "flaskenvs": draw(st.sampled_from((0, 30, 600))),
    }


def _build(root: Path, shape: dict[str, object]) -> None:
    root.mkdir()
    (root / ("a" * 40)).mkdir()
    (root / ("a" * 40) / "c").write_text("")
    if shape["gitignore"]:
        (root / ".gitignore").write_text(str(shape["gitignore"]))
    length = int(str(shape["length"]))
    for name in shape["long"]:  # type: ignore[attr-defined]
        folder = root / "long"
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(LONG_LINES[name](length // 20 if name != "package.json" else length))
    for index in range(int(str(shape["flaskenvs"]))):
        folder = root / "many" / f"s{index}"
        folder.mkdir(parents=True)
        (folder / ".flaskenv").write_text("")
    special = root / "special"
    special.mkdir()
    for name, what in shape["specials"]:  # type: ignore[attr-defined]
        _special(special / name, what)


def _check(root: Path, form: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "portlint", "check", str(root), "--no-live", "--format", form]
    return subprocess.run(command, capture_output=True, timeout=HANG_GUARD, stdin=subprocess.DEVNULL, check=False)


def test_hostile_workspaces_end_with_valid_bounded_output(tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    @FUZZ
    @given(shape=workspaces())
    def run(shape: dict[str, object]) -> None:
        root = tmp_path_factory.mktemp("hostile") / "ws"
        _build(root, shape)
        TRIED["hostile workspaces"] += 1
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
        files = sum(1 for _ in root.rglob("*"))
        done = _check(root, "json")
        assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
        report = json.loads(done.stdout)
        assert len(done.stdout) <= 20_000 + 50 * size + 8_000 * files  # linear in the workspace, never worse
        unreadable = {Path(f["file"]).name for f in report["findings"] if f["code"] == "config-unreadable"}
        for name, what in shape["specials"]:  # type: ignore[attr-defined]
            # A Python file is only a candidate (its troubles are quiet); a folder with a name only a name test
            # recognises (proxy.conf.json) is walked as the folder it is.
            if name != "app.py" and not (what == "folder" and name == "proxy.conf.json"):
                assert name in unreadable, (name, report["findings"])
        for form in ("text", "sarif"):
            output = _check(root, form)
            assert output.returncode in (0, 1), output.stderr.decode(errors="replace")
            if form == "sarif":
                json.loads(output.stdout)

    run()
    write_tally()
