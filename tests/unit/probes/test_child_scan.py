"""The first scan's walk and reads in a forked child (workspace/child_scan.py): the same results as a scan in
this process, on the real layouts; a child that fails leaves an in-process scan; the child is always reaped.

The tests fork with `_start`, which does not refuse to fork beside other threads as `start_child_scan` does:
a test run has threads of its own (the whole suite's servers and watchers)."""

from __future__ import annotations

import io
import os
import pickle
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from portlint.workspace import discover as discover_module
from portlint.workspace.child_scan import ChildScan, _scan, _start, start_child_scan
from portlint.workspace.discover import ConfigFile, Discovery
from portlint.workspace.files import WorkspaceFiles
from portlint.workspace.load import QUIET_KINDS

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")


def _scanned(root: str, child: ChildScan | None) -> WorkspaceFiles:
    files = WorkspaceFiles(root)
    files.scan(child)
    return files


def _same(forked: WorkspaceFiles, alone: WorkspaceFiles) -> None:
    # The same files in the same order, less candidates with nothing to say (the child sends only those it
    # read a text of; one a config names is read when named), and the same facts, problems and named files.
    said = [
        key
        for key, (file, result) in alone.results.items()
        if result.facts or result.problems or file.kind not in QUIET_KINDS
    ]
    listed = [key for key in forked.results if key not in alone.referenced]
    assert set(said) <= set(forked.results)
    assert listed == [key for key in alone.results if key in listed]  # in the walk's order
    for key, (file, result) in forked.results.items():
        assert alone.results[key][0] == file
        assert alone.results[key][0].plain == file.plain or key in alone.referenced
        assert alone.results[key][1] == result, key
    assert forked.facts() == alone.facts()
    assert forked.problems() == alone.problems()
    assert forked.referenced == alone.referenced


def _assert_reaped(child: ChildScan) -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(child._pid, os.WNOHANG)


def _roots() -> list[str]:
    roots = [str(path) for path in sorted(LAYOUTS.iterdir()) if path.is_dir() and not path.name.startswith("_")]
    return [*roots, str(EXAMPLES), str(LAYOUTS)]


@pytest.mark.parametrize("root", _roots(), ids=os.path.basename)
def test_a_child_scan_reads_what_an_in_process_scan_reads(root: str) -> None:
    child = _start(root, _scan)
    assert child is not None
    forked = _scanned(root, child)
    _same(forked, _scanned(root, None))
    _assert_reaped(child)
    assert forked.facts(), "a layout without facts would prove nothing"


def test_the_child_streams_files_the_walk_found_under_a_bad_file(tmp_path: Path) -> None:
    # Trouble a file holds travels as its problem, exactly as in-process: not UTF-8, binary, oversize.
    (tmp_path / "angular.json").write_bytes(b'{"projects": {"a": \xff}}')
    (tmp_path / "firebase.json").write_bytes(b"\0\0\0")
    (tmp_path / "package.json").write_text('{"scripts": {"dev": "flask run --port 5001"}}')
    (tmp_path / "nginx.conf").write_text("x" * (2 << 20))
    root = str(tmp_path)
    forked = _scanned(root, _start(root, _scan))
    alone = _scanned(root, None)
    _same(forked, alone)
    assert len(alone.problems()) == 3


def _fails_midway(root: str, stream: IO[bytes]) -> None:
    pickle.dump([(os.path.join(root, "package.json"), "package-json", True, None)], stream)
    raise RuntimeError("the child's walk failed")


def _writes_garbage(root: str, stream: IO[bytes]) -> None:
    stream.write(b"not a pickle at all")


def test_the_child_sends_a_text_before_its_walk_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The parent parses the first folders' files while the child walks the rest: a batch holding a text goes
    # out as soon as its folder is listed, not after the whole tree.
    for name in ("api", "web", "docs"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "package.json").write_text('{"scripts": {"dev": "flask run --port 5001"}}')
    events: list[str] = []
    real_walk = discover_module.walk

    def walk(result: Discovery) -> Iterator[ConfigFile]:
        for file in real_walk(result):
            events.append("found")
            yield file
        events.append("walked")

    class Recorded(io.BytesIO):
        def flush(self) -> None:
            events.append("sent")

    monkeypatch.setattr(discover_module, "walk", walk)
    sent = Recorded()
    _scan(str(tmp_path), sent)
    assert events.index("sent") < events.index("walked")
    assert events.count("sent") == 3  # one batch per text
    records = pickle.Unpickler(io.BytesIO(sent.getvalue()))
    batches = list(iter(records.load, None))
    assert sorted(path for batch in batches for path, *_ in batch) == sorted(
        str(tmp_path / name / "package.json") for name in ("api", "web", "docs")
    )
    assert records.load() == []  # the walk's problems: none


@pytest.mark.parametrize("work", [_fails_midway, _writes_garbage])
def test_a_child_that_fails_leaves_an_in_process_scan(work: object, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"scripts": {"dev": "flask run --port 5001"}}')
    root = str(tmp_path)
    child = _start(root, work)  # type: ignore[arg-type]
    assert child is not None
    assert child.collect(lambda file, text: pytest.fail("nothing arrives to parse")) is None
    _assert_reaped(child)
    again = _start(root, work)  # type: ignore[arg-type]
    forked = _scanned(root, again)
    _same(forked, _scanned(root, None))
    assert forked.facts()


def test_a_child_of_another_root_is_not_taken(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "package.json").write_text('{"scripts": {"dev": "flask run --port 5001"}}')
    (tmp_path / "a" / "package.json").write_text('{"scripts": {"dev": "flask run --port 5002"}}')
    child = _start(str(tmp_path / "a"), _scan)
    assert child is not None
    scanned = _scanned(str(tmp_path / "b"), child)
    assert {fact.location.file for fact in scanned.facts()} == {str(tmp_path / "b" / "package.json")}
    _assert_reaped(child)


def test_no_fork_while_another_thread_runs(tmp_path: Path) -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert start_child_scan(str(tmp_path)) is None
    finally:
        release.set()
        thread.join()
