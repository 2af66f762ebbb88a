"""shutdown/exit, stdin closing and the editor dying: the server process goes, and says nothing more."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psutil

from .raw_client import RawClient


def test_shutdown_then_exit_ends_the_process_with_0(tmp_path: Path) -> None:
    client = RawClient(tmp_path)
    try:
        client.initialize()
        ident = client.send("shutdown")
        assert client.response(ident).get("result") is None
        client.send("exit", request=False)
        assert client.wait_exit() == 0
    finally:
        client.kill()


def test_exit_without_shutdown_ends_the_process_with_1(tmp_path: Path) -> None:
    client = RawClient(tmp_path)
    try:
        client.initialize()
        client.send("exit", request=False)
        assert client.wait_exit() == 1  # as the protocol says
    finally:
        client.kill()


def test_stdin_closing_ends_the_process(tmp_path: Path) -> None:
    client = RawClient(tmp_path)
    try:
        client.initialize()
        assert client.process.stdin is not None
        client.process.stdin.close()
        client.wait_exit()
        assert client.process.stderr is not None
        log = client.process.stderr.read().decode()
        assert log.count("\n") < 20  # no flood once the client is gone
    finally:
        client.kill()


def test_the_editor_dying_ends_the_process(tmp_path: Path) -> None:
    editor = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    client = RawClient(tmp_path, parent=editor.pid)
    try:
        client.initialize()
        assert editor.stdin is not None
        editor.stdin.close()
        editor.wait()
        client.wait_exit()
        assert not psutil.pid_exists(client.process.pid) or psutil.Process(client.process.pid).status() == "zombie"
    finally:
        client.kill()
        if editor.poll() is None:
            editor.kill()
