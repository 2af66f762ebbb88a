"""FIFOs, sockets, devices and folders under a config's name: read by no one, reported, and never a hang.

A plain `open()` of a FIFO waits for a writer for ever, and `/dev/zero` never ends: each case runs under a
hang guard that, if the read does block, opens the FIFO's other end so the stuck thread can finish."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from portlint.core.facts import Invocation, ParseResult
from portlint.core.model import ZERO_RANGE, ConfigProblem, Location
from portlint.workspace.discover import ConfigFile, discover
from portlint.workspace.files import load_workspace
from portlint.workspace.load import load
from portlint.workspace.read import FIRST_READ, MAX_FILE_BYTES, Unreadable, read_marked_file, read_regular_file

T = TypeVar("T")
GUARD = 20.0  # seconds: the read used to block for ever; this only bounds a failure


def within_guard(action: Callable[[], T], fifos: list[Path]) -> T:
    """`action()`'s result; fails (and unblocks the thread through the FIFOs) when it does not return."""
    outcome: list[T] = []
    done = threading.Event()

    def run() -> None:
        outcome.append(action())
        done.set()

    threading.Thread(target=run, daemon=True).start()
    if not done.wait(GUARD):
        for fifo in fifos:  # a writer appearing lets a blocked open() return
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still blocked after {GUARD:g} s")
    return outcome[0]


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temp folder with a short path: a Unix socket's path must fit in 108 bytes."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pl-"))
    try:
        yield folder
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def make_unusual(path: Path, what: str) -> None:
    if what == "fifo":
        os.mkfifo(path)
    elif what == "socket":
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(path))
        listener.close()  # the socket file stays
    elif what == "folder":
        path.mkdir()
    elif what == "device":
        path.symlink_to("/dev/null")
    elif what == "endless":
        path.symlink_to("/dev/zero")


UNUSUAL = {
    "fifo": "a FIFO (named pipe)",
    "socket": "a socket",
    "folder": "a folder",
    "device": "a character device",
    "endless": "a character device",
}


@pytest.mark.parametrize("what", sorted(UNUSUAL))
def test_read_refuses_what_is_not_a_regular_file(short_tmp: Path, what: str) -> None:
    path = short_tmp / "firebase.json"
    make_unusual(path, what)
    result = within_guard(lambda: read_regular_file(str(path)), [path])
    assert result == Unreadable(f"it is {UNUSUAL[what]}, not a regular file; portlint reads only regular files")


def test_read_stops_at_the_limit_and_reads_exactly_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "angular.json"
    path.write_bytes(b" " * MAX_FILE_BYTES)
    assert read_regular_file(str(path)) == b" " * MAX_FILE_BYTES
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    assert read_regular_file(str(path)) == Unreadable("angular.json is 1.0 MB; portlint reads config files up to 1 MiB")


def test_read_of_a_missing_file_or_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "link.json").symlink_to("gone.json")
    for name in ("nope.json", "link.json", "nope.json/below"):
        result = read_regular_file(str(tmp_path / name))
        assert isinstance(result, Unreadable) and result.missing


def test_config_swapped_for_a_fifo_after_the_walk_is_a_problem(tmp_path: Path) -> None:
    """`portlint check` used to hang when a config became a FIFO between the walk and the read."""
    config = tmp_path / "firebase.json"
    config.write_text("{}")
    (file,) = discover(str(tmp_path)).files
    config.unlink()
    os.mkfifo(config)
    result = within_guard(lambda: load(file, str(tmp_path)), [config])
    assert result == ParseResult(
        problems=[
            ConfigProblem(
                Location(str(config), ZERO_RANGE),
                "it is a FIFO (named pipe), not a regular file; portlint reads only regular files",
            )
        ]
    )


def test_python_file_that_is_a_fifo_or_endless_is_skipped_quietly(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tool.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    results = within_guard(
        lambda: [load(ConfigFile(str(tmp_path / name), "python"), str(tmp_path)) for name in ("tool.py", "zero.py")],
        [tmp_path / "tool.py"],
    )
    assert results == [ParseResult(), ParseResult()]


def test_workspace_with_unusual_configs_reports_each_and_reads_the_rest(short_tmp: Path) -> None:
    make_unusual(short_tmp / "firebase.json", "fifo")
    make_unusual(short_tmp / "angular.json", "socket")
    (short_tmp / "web").mkdir()
    make_unusual(short_tmp / "web" / "package.json", "folder")
    make_unusual(short_tmp / "Procfile", "device")
    make_unusual(short_tmp / "tool.py", "fifo")
    make_unusual(short_tmp / "zero.py", "endless")
    make_unusual(short_tmp / ".env", "folder")  # usually a virtualenv: not worth a word
    (short_tmp / "Makefile").write_text("run:\n\tflask run --port 5001\n")
    fifos = [short_tmp / "firebase.json", short_tmp / "tool.py"]
    facts, problems = within_guard(lambda: load_workspace(str(short_tmp)), fifos)
    reasons = {os.path.relpath(p.location.file, short_tmp): p.reason for p in problems}
    assert set(reasons) == {"firebase.json", "angular.json", "web/package.json", "Procfile"}
    assert "is a FIFO (named pipe), not a regular file" in reasons["firebase.json"]
    assert "is a socket" in reasons["angular.json"]
    assert "is a folder" in reasons["web/package.json"]
    assert "is a character device" in reasons["Procfile"]
    assert [os.path.basename(fact.file) for fact in facts if isinstance(fact, Invocation)] == ["Makefile"]


def test_referenced_env_file_that_is_a_fifo_is_reported_not_called_missing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".env.dev")
    (tmp_path / "Procfile").write_text("api: flask --env-file .env.dev run\n")
    _, problems = within_guard(lambda: load_workspace(str(tmp_path)), [tmp_path / ".env.dev"])
    assert [(os.path.basename(p.location.file), p.reason) for p in problems] == [
        (".env.dev", "it is a FIFO (named pipe), not a regular file; portlint reads only regular files")
    ]


def test_a_file_the_walk_listed_as_plain_and_now_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    """The walk's d_type spares the stat before the open; a link swapped in after it is not followed blindly."""
    (tmp_path / "firebase.json").write_text("{}")
    (file,) = discover(str(tmp_path)).files
    assert file.plain
    (tmp_path / "firebase.json").unlink()
    (tmp_path / "firebase.json").symlink_to("/dev/zero")
    result = within_guard(lambda: read_regular_file(file.path, listed_plain=True), [])
    assert result == Unreadable("it is a character device, not a regular file; portlint reads only regular files")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs procfs")
def test_a_file_longer_than_its_size_said_is_read_to_its_end() -> None:
    """procfs files say size 0 and hold text, as a file grown after the fstat would: the read goes on."""
    data = read_regular_file("/proc/self/status")
    assert isinstance(data, bytes) and b"\nPid:" in data and data.endswith(b"\n")


def test_an_oversize_candidate_listed_without_a_stat_says_nothing_when_read(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_bytes(b"from flask import Flask\n" + b"#" * MAX_FILE_BYTES)
    (file,) = discover(str(tmp_path), candidate_sizes=False).files
    assert file.path == str(tmp_path / "big.py")
    assert load(file, str(tmp_path)) == ParseResult()
    assert load_workspace(str(tmp_path)) == ([], [])


# ---- candidates skipped after one read (read_marked_file) -------------------------------------------

FLASK_APP = b"from flask import Flask\n\napp = Flask(__name__)\n"
PYTHON_MARKERS = re.compile(rb"lask")  # as the python kind's needs_bytes


def listed_candidate(folder: Path, content: bytes) -> ConfigFile:
    (folder / "tool.py").write_bytes(content)
    (file,) = discover(str(folder), candidate_sizes=False).files
    assert file.plain
    return file


def test_a_candidate_is_skipped_without_a_marker_and_read_whole_with_one(tmp_path: Path) -> None:
    file = listed_candidate(tmp_path, b"x = 1\n")
    assert read_marked_file(file.path, PYTHON_MARKERS, listed_plain=True) is None
    assert read_marked_file(file.path, PYTHON_MARKERS) is None  # the careful way (a link, the editor)
    Path(file.path).write_bytes(FLASK_APP)
    assert read_marked_file(file.path, PYTHON_MARKERS, listed_plain=True) == FLASK_APP
    assert read_marked_file(file.path, PYTHON_MARKERS) == FLASK_APP


@pytest.mark.parametrize("size", [FIRST_READ - 1, FIRST_READ, FIRST_READ + 1, 3 * FIRST_READ])
def test_a_marker_past_the_first_read_is_found_and_the_file_read_whole(tmp_path: Path, size: int) -> None:
    content = b"#" * (size - len(FLASK_APP)) + FLASK_APP
    file = listed_candidate(tmp_path, content)
    assert read_marked_file(file.path, PYTHON_MARKERS, listed_plain=True) == content
    assert load(file, str(tmp_path)).facts  # the Flask app


def test_an_oversize_candidate_with_its_marker_past_the_first_read_is_refused(tmp_path: Path) -> None:
    file = listed_candidate(tmp_path, b"#" * MAX_FILE_BYTES + FLASK_APP)
    result = read_marked_file(file.path, PYTHON_MARKERS, listed_plain=True)
    assert isinstance(result, Unreadable) and "portlint reads config files up to 1 MiB" in result.reason
    assert load(file, str(tmp_path)) == ParseResult()


@pytest.mark.parametrize("what", sorted(UNUSUAL))
def test_a_candidate_swapped_after_the_walk_gives_nothing_and_never_blocks(short_tmp: Path, what: str) -> None:
    """The read before the fstat: whatever the path has become, nothing is parsed and nothing said."""
    file = listed_candidate(short_tmp, FLASK_APP)
    os.unlink(file.path)
    make_unusual(Path(file.path), what)
    result = within_guard(lambda: read_marked_file(file.path, PYTHON_MARKERS, listed_plain=True), [Path(file.path)])
    assert not isinstance(result, bytes)
    assert within_guard(lambda: load(file, str(short_tmp)), [Path(file.path)]) == ParseResult()


def test_a_candidate_swapped_for_a_fifo_holding_a_marker_is_refused_as_a_fifo(tmp_path: Path) -> None:
    """The first read finds the marker in what a writer put in the pipe; the fstat that follows refuses it."""
    file = listed_candidate(tmp_path, b"x = 1\n")
    os.unlink(file.path)
    os.mkfifo(file.path)
    writer = os.open(file.path, os.O_RDWR | os.O_NONBLOCK)  # holds the pipe open, with bytes in it
    try:
        os.write(writer, FLASK_APP)
        result = within_guard(lambda: read_marked_file(file.path, PYTHON_MARKERS, listed_plain=True), [])
    finally:
        os.close(writer)
    assert result == Unreadable("it is a FIFO (named pipe), not a regular file; portlint reads only regular files")
