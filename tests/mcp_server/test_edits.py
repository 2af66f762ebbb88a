"""`free_port`'s writer on real files: edits land inside the workspace only, all or nothing, keeping what
the file was (byte-order mark, line endings, permissions)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from portlint.core.model import Range, TextEdit
from portlint.mcp.edits import EditRefused, apply_edits


def edit(path: Path, line: int, start: int, end: int, text: str, create: bool = False) -> TextEdit:
    return TextEdit(str(path), Range.of(line, start, line, end), text, create)


def test_replaces_the_port_keeping_bom_line_endings_and_mode(tmp_path: Path) -> None:
    env = tmp_path / ".flaskenv"
    env.write_bytes(b"\xef\xbb\xbfFLASK_APP=app.py\r\nFLASK_RUN_PORT=5000\r\n")
    env.chmod(0o640)
    assert apply_edits(str(tmp_path), [edit(env, 1, 15, 19, "5001")]) == [str(env)]
    assert env.read_bytes() == b"\xef\xbb\xbfFLASK_APP=app.py\r\nFLASK_RUN_PORT=5001\r\n"
    assert stat.S_IMODE(env.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [".flaskenv"]  # no temporary file left


def test_several_edits_in_one_file_and_columns_in_utf16(tmp_path: Path) -> None:
    conf = tmp_path / "proxy.conf.json"
    conf.write_text('{"/😀": {"target": "http://localhost:5000"}, "/b": {"target": "http://localhost:5000"}}')
    start = conf.read_text().index("5000") + 1  # 😀 is two UTF-16 units
    second = conf.read_text().rindex("5000") + 1
    apply_edits(str(tmp_path), [edit(conf, 0, second, second + 4, "5001"), edit(conf, 0, start, start + 4, "5001")])
    assert conf.read_text().count("5001") == 2 and "5000" not in conf.read_text()


def test_creates_a_file_only_where_the_edit_says_so(tmp_path: Path) -> None:
    created = tmp_path / "api" / ".flaskenv"
    created.parent.mkdir()
    apply_edits(str(tmp_path), [edit(created, 0, 0, 0, "FLASK_RUN_PORT=5001\n", create=True)])
    assert created.read_text() == "FLASK_RUN_PORT=5001\n"
    missing = tmp_path / ".flaskenv"
    with pytest.raises(EditRefused, match="does not exist"):
        apply_edits(str(tmp_path), [edit(missing, 0, 0, 0, "FLASK_RUN_PORT=5001\n")])
    with pytest.raises(EditRefused, match="creates files, not folders"):
        apply_edits(str(tmp_path), [edit(tmp_path / "new" / ".flaskenv", 0, 0, 0, "X=1\n", create=True)])
    assert not missing.exists() and not (tmp_path / "new").exists()


def test_refuses_paths_outside_the_workspace_and_links_leading_out(tmp_path: Path) -> None:
    root, outside = tmp_path / "project", tmp_path / "shared.env"
    root.mkdir()
    outside.write_text("FLASK_RUN_PORT=5000\n")
    with pytest.raises(EditRefused, match="outside the workspace"):
        apply_edits(str(root), [edit(outside, 0, 15, 19, "5001")])
    with pytest.raises(EditRefused, match="outside the workspace"):
        apply_edits(str(root), [edit(root / ".." / "shared.env", 0, 15, 19, "5001")])
    (root / ".flaskenv").symlink_to(outside)
    with pytest.raises(EditRefused, match="leads outside the workspace"):
        apply_edits(str(root), [edit(root / ".flaskenv", 0, 15, 19, "5001")])
    (root / "linked").symlink_to(tmp_path)
    with pytest.raises(EditRefused, match="leads outside the workspace"):
        apply_edits(str(root), [edit(root / "linked" / "shared.env", 0, 15, 19, "5001")])
    with pytest.raises(EditRefused, match="leads outside the workspace"):  # not even a new file there
        apply_edits(str(root), [edit(root / "linked" / "new.env", 0, 0, 0, "X=1\n", create=True)])
    assert outside.read_text() == "FLASK_RUN_PORT=5000\n" and not (tmp_path / "new.env").exists()


def test_a_link_inside_the_workspace_edits_its_target_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "envs").mkdir()
    target = tmp_path / "envs" / "dev.env"
    target.write_text("FLASK_RUN_PORT=5000\n")
    link = tmp_path / ".flaskenv"
    link.symlink_to(target)
    apply_edits(str(tmp_path), [edit(link, 0, 15, 19, "5001")])
    assert link.is_symlink() and target.read_text() == "FLASK_RUN_PORT=5001\n"


def test_one_file_named_two_ways_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "dev.env"
    real.write_text("FLASK_RUN_PORT=5000\n")
    (tmp_path / ".flaskenv").symlink_to(real)
    with pytest.raises(EditRefused, match="same file"):
        apply_edits(str(tmp_path), [edit(real, 0, 15, 19, "5001"), edit(tmp_path / ".flaskenv", 0, 15, 19, "5002")])
    assert real.read_text() == "FLASK_RUN_PORT=5000\n"


def test_nothing_is_written_when_one_edit_is_refused(tmp_path: Path) -> None:
    good, stale = tmp_path / ".flaskenv", tmp_path / "api.env"
    good.write_text("FLASK_RUN_PORT=5000\n")
    stale.write_text("PORT=1\n")  # shorter than when the edit was made: the range no longer fits
    with pytest.raises(EditRefused, match="changed since portlint read it"):
        apply_edits(str(tmp_path), [edit(good, 0, 15, 19, "5001"), edit(stale, 0, 15, 19, "5001")])
    assert good.read_text() == "FLASK_RUN_PORT=5000\n"


def test_refuses_overlaps_binary_text_and_other_kinds_of_file(tmp_path: Path) -> None:
    env = tmp_path / ".flaskenv"
    env.write_text("FLASK_RUN_PORT=5000\n")
    with pytest.raises(EditRefused, match="overlap"):
        apply_edits(str(tmp_path), [edit(env, 0, 15, 19, "5001"), edit(env, 0, 17, 19, "99")])
    latin = tmp_path / "latin.env"
    latin.write_bytes(b"# caf\xe9\nPORT=5000\n")
    with pytest.raises(EditRefused, match="not UTF-8"):
        apply_edits(str(tmp_path), [edit(latin, 1, 5, 9, "5001")])
    fifo = tmp_path / "pipe.env"
    os.mkfifo(fifo)
    with pytest.raises(EditRefused, match="not a regular file"):
        apply_edits(str(tmp_path), [edit(fifo, 0, 0, 0, "X")])
    assert env.read_text() == "FLASK_RUN_PORT=5000\n"
