"""Session fixtures: the pinned npm tools (installed once into tests/.cache/cors-browser) and the one
headless Chromium with its front-end origin server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fidelity.npm_cache import npm_installed

from .browser import CHROMIUM, NODE_TOOLS, Chromium, chromium_session

REQUIRED = bool(os.environ.get("PORTLINT_REQUIRE_E2E"))  # CI: a missing browser is a failure, not a skip


@pytest.fixture(scope="session")
def node_tools() -> Path:
    if shutil.which("node") is None:
        _missing("node")
    return npm_installed("cors-browser", NODE_TOOLS)


@pytest.fixture(scope="session")
def chromium(node_tools: Path) -> Iterator[Chromium]:
    """ONE headless Chromium for the whole run, and one front-end origin server."""
    if not CHROMIUM.is_file():
        _missing(f"Debian's chromium ({CHROMIUM}; apt install chromium)")
    with chromium_session(node_tools) as browser:
        yield browser


def _missing(what: str) -> None:
    if REQUIRED:
        pytest.fail(f"{what} is needed for the browser comparisons (PORTLINT_REQUIRE_E2E is set)")
    pytest.skip(f"{what} is needed for the browser comparisons")
