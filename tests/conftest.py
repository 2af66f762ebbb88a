"""Fixtures shared across the test folders."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temp folder every user may enter (pytest's own tmp_path is private to root), for walks made by an
    unprivileged child."""
    folder = Path(tempfile.mkdtemp(prefix="portlint-open-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
