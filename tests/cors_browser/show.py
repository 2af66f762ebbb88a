"""Prints what real Chromium says for case folders, for writing a new case or quoting the browser:

    PYTHONPATH=server .venv/bin/python -m tests.cors_browser.show [flask|fastapi|express|BACKEND/CASE ...]

One line per request (ok and status, or the rejection), then Chromium's console errors and their codes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.fidelity.npm_cache import npm_installed

from .browser import NODE_TOOLS, chromium_session
from .cases import BACKENDS, Case, cases_of
from .codes import code_of
from .servers import served


def chosen(arguments: list[str]) -> list[Case]:
    picked: list[Case] = []
    for backend in BACKENDS:
        for case in cases_of(backend):
            if not arguments or backend in arguments or f"{backend}/{case.name}" in arguments:
                picked.append(case)
    return picked


def main(arguments: list[str]) -> None:
    tools = npm_installed("cors-browser", NODE_TOOLS)
    with chromium_session(tools) as chromium, tempfile.TemporaryDirectory() as scratch:
        print(f"Chromium {chromium.version}")
        for case in chosen(arguments):
            folder = case.live_copy(chromium.origin(case.origin_host), Path(scratch) / case.backend)
            with served(case.backend, folder, tools) as port:
                for request in case.requests:
                    result = chromium.browser_verdict(case.origin_host, request.to(port))
                    outcome = f"ok {result.status}" if result.ok else result.error
                    print(f"{case.backend}/{case.name} {request.method} {request.path}: {outcome}")
                    for message in result.console:
                        print(f"    [{code_of(message)}] {message}")


if __name__ == "__main__":
    main(sys.argv[1:])
