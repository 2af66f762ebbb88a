"""`python -m tests.lsp.blocked_walk FIFO serve ...`: `portlint serve` whose walks of the tree never end
until the test opens FIFO for writing — a walk blocked on an event the test controls, across processes
(a stand-in for a walk of a huge or hung network file system)."""

from __future__ import annotations

import sys

from portlint.cli import main
from portlint.workspace import files


def _hold_walks(fifo: str) -> None:
    original = files.WorkspaceFiles.scan

    def scan(self: files.WorkspaceFiles) -> None:
        with open(fifo, "rb") as gate:  # blocks until the test opens the other end
            gate.read()
        original(self)

    files.WorkspaceFiles.scan = scan  # type: ignore[method-assign]


if __name__ == "__main__":
    _hold_walks(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
