"""The extension's document selector and activation events are generated from the registry: this fails when
someone edits them by hand or adds a dev server without regenerating them."""

from __future__ import annotations

import json

from portlint import editor_files
from portlint.registry import FILE_KINDS, watched_globs


def test_committed_editor_files_match_the_registry() -> None:
    assert editor_files.main(["--check"]) == 0, "run: python -m portlint.editor_files"


def test_every_kind_of_file_is_sent_to_the_server_and_watched() -> None:
    text = editor_files.TYPESCRIPT.read_text(encoding="utf-8")
    for kind in FILE_KINDS:
        assert kind.globs, f"{kind.kind} has no editor glob"
        for glob in kind.globs:
            assert json.dumps(glob) in text
            assert glob in watched_globs()


def test_activation_keeps_the_commands() -> None:
    events = json.loads(editor_files.MANIFEST.read_text(encoding="utf-8"))["activationEvents"]
    assert "workspaceContains:firebase.json" in events
    assert "onCommand:portlint.showPortMap" in events
