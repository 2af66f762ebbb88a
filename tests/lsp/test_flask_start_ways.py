"""End to end (issue 11, the seed story's `.flaskenv` line): a Flask backend started two ways, from a VS Code
launch configuration (`--port N`) and from a terminal `flask run` (which reads `.flaskenv`). Each way is its
own claim on the lines it reads, so with a foreign process on N both lines carry the diagnostic, not only the
launch configuration's `--port` that wins the precedence for the debugger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.holders import airplay_standin, free_port_both

from .harness import has, running_server, uri, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="function")

HELD = "port-held-by-foreign-process"


def flask_two_ways(root: Path, port: int) -> tuple[Path, Path]:
    backend = root / "backend"
    backend.mkdir()
    (backend / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    flaskenv = backend / ".flaskenv"
    flaskenv.write_text(f"FLASK_APP=app.py\nFLASK_RUN_PORT={port}\n")
    launch = root / ".vscode" / "launch.json"
    launch.parent.mkdir()
    configuration = {
        "name": "Python: Flask",
        "type": "debugpy",
        "request": "launch",
        "module": "flask",
        "cwd": "${workspaceFolder}/backend",
        "env": {"FLASK_APP": "app.py", "FLASK_DEBUG": "1"},
        "args": ["run", "--no-debugger", "--port", str(port)],
    }
    launch.write_text(json.dumps({"version": "0.2.0", "configurations": [configuration]}, indent=2) + "\n")
    return flaskenv, launch


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines()) if text in line)


async def test_the_flaskenv_line_a_terminal_flask_run_reads_carries_the_diagnostic(tmp_path: Path) -> None:
    port = free_port_both()
    flaskenv, launch = flask_two_ways(tmp_path, port)
    with airplay_standin(port, host="127.0.0.1"):
        async with running_server(tmp_path) as client:
            on_flaskenv = await wait_for_diagnostics(client, flaskenv, has(HELD))
            on_launch = await wait_for_diagnostics(client, launch, has(HELD))
            (held,) = [d for d in on_flaskenv if d.code == HELD]
            assert held.range.start.line == line_of(flaskenv, "FLASK_RUN_PORT")
            assert [d.range.start.line for d in on_launch if d.code == HELD] == [line_of(launch, f'"{port}"')]
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri(flaskenv)),
                    range=held.range,
                    context=lsp.CodeActionContext(diagnostics=[held]),
                )
            )
            titles = [a.title for a in actions or [] if isinstance(a, lsp.CodeAction)]
            assert any(title.startswith("Switch to free port ") for title in titles)
