"""A FIFO, a link to /dev/stdin or to /dev/zero under a config's name: the server reports it, keeps
answering and shuts down. (It used to block in `open()` for good, or read /dev/zero until memory ran out.)"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest
from lsprotocol import types as lsp

from .harness import WAIT, has, running_server, uri, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="function")

T = TypeVar("T")
UNREADABLE = "config-unreadable"


async def guarded(step: Awaitable[T], *fifos: Path) -> T:
    """`await step`, bounded. Should the server block on a FIFO anyway, a writer appearing lets its open()
    return, so the test fails instead of hanging in shutdown."""
    try:
        return await asyncio.wait_for(step, WAIT)
    except TimeoutError:
        for fifo in fifos:
            with contextlib.suppress(OSError):  # no reader waiting
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        raise


def mentions(words: str) -> Callable[[Sequence[lsp.Diagnostic]], bool]:
    return lambda diagnostics: any(words in diagnostic.message for diagnostic in diagnostics)


def changed(path: Path, kind: lsp.FileChangeType) -> lsp.DidChangeWatchedFilesParams:
    return lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=uri(path), type=kind)])


async def test_fifo_config_at_start_is_reported_and_the_server_shuts_down(tmp_path: Path) -> None:
    fifos = (tmp_path / "firebase.json", tmp_path / "tool.py")
    for fifo in fifos:
        os.mkfifo(fifo)
    (tmp_path / "Procfile").symlink_to("/dev/stdin")  # the server's stdin is the client's pipe
    async with running_server(tmp_path) as client:
        diagnostics = await guarded(wait_for_diagnostics(client, fifos[0], has(UNREADABLE)), *fifos)
        assert "is a FIFO (named pipe), not a regular file" in diagnostics[0].message
        procfile = await guarded(wait_for_diagnostics(client, tmp_path / "Procfile", has(UNREADABLE)), *fifos)
        assert "not a regular file" in procfile[0].message
    # leaving the block sent shutdown and exit, and they were answered


async def test_config_swapped_for_a_fifo_is_reported_through_did_change_watched_files(tmp_path: Path) -> None:
    config = tmp_path / "firebase.json"
    config.write_text('{"emulators": ')  # broken: a finding to wait for
    procfile = tmp_path / "Procfile"
    async with running_server(tmp_path) as client:
        await wait_for_diagnostics(client, config, has(UNREADABLE))
        config.unlink()
        os.mkfifo(config)  # a `git checkout` could not do it, a hostile workspace can
        client.workspace_did_change_watched_files(changed(config, lsp.FileChangeType.Changed))
        await guarded(wait_for_diagnostics(client, config, mentions("is a FIFO (named pipe)")), config)
        procfile.symlink_to("/dev/stdin")  # reading it would eat the client's messages
        client.workspace_did_change_watched_files(changed(procfile, lsp.FileChangeType.Created))
        await guarded(wait_for_diagnostics(client, procfile, has(UNREADABLE)))


async def test_code_lens_on_a_link_to_dev_zero_answers_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5055\n")
    zero = tmp_path / "zero.py"
    zero.symlink_to("/dev/zero")
    async with running_server(tmp_path) as client:
        request = client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri(zero)))
        )
        lenses = await asyncio.wait_for(request, WAIT)
        assert lenses is not None and list(lenses) == []
        hover = client.text_document_hover_async(
            lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri(zero)), position=lsp.Position(0, 0))
        )
        assert await asyncio.wait_for(hover, WAIT) is None  # and the server still answers
