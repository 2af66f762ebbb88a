"""The real backends, each started as a child process in its own process group on a free 127.0.0.1 port
(the runner prints the port as one JSON line once the socket listens) and ended by its pid on the way out."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fidelity.running import started

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
READY_TIMEOUT = 60.0  # an import of Flask or FastAPI on a busy machine
PRINTED = r"(?m)^\{.*\}$"


def _argv(backend: str, folder: Path) -> list[str]:
    if backend == "flask":
        return [sys.executable, str(REPO / "tests" / "cors_matrix" / "runner.py"), str(folder)]
    if backend == "fastapi":
        return [sys.executable, str(HERE / "asgi_runner.py"), str(folder)]
    if backend == "express":
        return ["node", str(HERE / "express_runner.cjs"), str(folder)]
    raise ValueError(f"unknown backend {backend!r}")


@contextmanager
def served(backend: str, folder: Path, node_tools: Path) -> Iterator[int]:
    """The case app in `folder` served for real by `backend`; yields its port. An app that does not start
    fails the test with the runner's words."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "NODE_"))}
    environment |= {
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(REPO),
        "NODE_PATH": str(node_tools / "node_modules"),
    }
    with started(_argv(backend, folder), folder, environment) as running:
        printed = json.loads(running.wait_for(PRINTED, READY_TIMEOUT).group(0))
        assert "port" in printed, f"the {backend} app in {folder.name} did not start: {printed.get('error')}"
        yield int(printed["port"])
