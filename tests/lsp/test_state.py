"""The server's state in-process: a walk of the tree holds no lock, an edit during a walk is answered at once
and survives the swap, a file changed on disk during a walk is not lost. The walk is made to block on an
event the test controls; every wait is bounded, nothing is timed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from portlint.lsp.state import ServerState
from portlint.session import Session
from portlint.workspace import files as workspace_files

WAIT = 20.0  # a bound on waiting, never a pause
TWICE = "port-claimed-twice"


class Gate:
    """Makes the next walks of the tree stop until `open()`: `entered` is set once a walk is held."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()
        self.armed = False


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    original = workspace_files.WorkspaceFiles.scan

    def scan(self: workspace_files.WorkspaceFiles) -> None:
        original(self)  # the walk reads the tree as it is now, then is held before it can be swapped in
        if gate.armed:
            gate.entered.set()
            assert gate.released.wait(WAIT), "the test never released the walk"

    monkeypatch.setattr(workspace_files.WorkspaceFiles, "scan", scan)
    try:
        yield gate
    finally:
        gate.released.set()


def flask_and_firebase(root: Path, flask_port: int, firebase_port: int) -> Path:
    (root / ".flaskenv").write_text(f"FLASK_RUN_PORT={flask_port}\n")
    config = root / "firebase.json"
    config.write_text('{"emulators": {"hosting": {"port": %d}}, "hosting": {}}\n' % firebase_port)
    return config


def test_an_edit_is_taken_while_a_walk_of_the_tree_runs(tmp_path: Path, gate: Gate) -> None:
    config = flask_and_firebase(tmp_path, 5301, 5302)
    session = Session(str(tmp_path))
    session.scan()
    gate.armed = True
    walk = threading.Thread(target=session.scan, daemon=True)
    walk.start()
    assert gate.entered.wait(WAIT)
    edit = threading.Thread(
        target=session.document_changed,
        args=(str(config), '{"emulators": {"hosting": {"port": 5301}}, "hosting": {}}'),
        daemon=True,
    )
    edit.start()
    edit.join(WAIT)
    assert not edit.is_alive(), "the edit waited for the walk"
    assert TWICE in {f.code for f in session.report().findings}
    gate.released.set()
    walk.join(WAIT)
    # The walk read the disk (5302), but the editor's text (5301) is what the swapped-in files hold.
    assert TWICE in {f.code for f in session.report().findings}


class FakeEditor:
    def __init__(self) -> None:
        self.documents: dict[str, str] = {}
        self.shown: dict[str, list[lsp.Diagnostic]] = {}
        self.news = asyncio.Event()

    def open_documents(self) -> dict[str, str]:
        return dict(self.documents)

    def version_of(self, path: str) -> int | None:
        return 1 if path in self.documents else None

    def send_diagnostics(self, path: str, diagnostics: list[lsp.Diagnostic], version: int | None) -> None:
        self.shown[path] = diagnostics
        self.news.set()

    async def until(self, path: Path, code: str, present: bool = True) -> None:
        async def wait() -> None:
            while (code in {d.code for d in self.shown.get(str(path), [])}) != present:
                self.news.clear()
                await self.news.wait()

        await asyncio.wait_for(wait(), WAIT)


async def started(root: Path, editor: FakeEditor) -> ServerState:
    state = ServerState(editor, environ={})
    state.apply_settings({"live": False})
    await state.start([str(root)])
    return state


def test_a_did_change_is_published_while_a_recheck_walks(tmp_path: Path, gate: Gate) -> None:
    config = flask_and_firebase(tmp_path, 5311, 5312)

    async def scenario() -> None:
        editor = FakeEditor()
        state = await started(tmp_path, editor)
        try:
            gate.armed = True
            recheck = asyncio.ensure_future(state.recheck())
            assert await asyncio.to_thread(gate.entered.wait, WAIT)
            editor.documents[str(config)] = '{"emulators": {"hosting": {"port": 5311}}, "hosting": {}}'
            state.change_document(str(config), editor.documents[str(config)])
            await editor.until(config, TWICE)  # published while the walk is still held
            assert not recheck.done()
            gate.released.set()
            await asyncio.wait_for(recheck, WAIT)
            assert TWICE in {d.code for d in editor.shown[str(config)]}  # the swap kept the editor's text
        finally:
            state.stop()

    asyncio.run(scenario())


def test_a_file_changed_on_disk_during_a_walk_is_not_lost_in_the_swap(tmp_path: Path, gate: Gate) -> None:
    config = flask_and_firebase(tmp_path, 5321, 5322)

    async def scenario() -> None:
        editor = FakeEditor()
        state = await started(tmp_path, editor)
        try:
            gate.armed = True
            recheck = asyncio.ensure_future(state.recheck())
            assert await asyncio.to_thread(gate.entered.wait, WAIT)  # the walk has read 5322
            config.write_text('{"emulators": {"hosting": {"port": 5321}}, "hosting": {}}\n')
            state.file_changed_on_disk(str(config))
            gate.released.set()
            await asyncio.wait_for(recheck, WAIT)  # swapped in and published
            assert TWICE in {d.code for d in editor.shown[str(config)]}
        finally:
            state.stop()

    asyncio.run(scenario())
