"""The end-to-end scenarios' shared setup, once per session: the installs and the packaged extension."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .harness import ROOT, Tools, build_vsix, install_tools


@pytest.fixture(scope="session")
def tools() -> Tools:
    return install_tools()


@pytest.fixture(scope="session")
def vsix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged extension, copied aside so that a rebuild during the run cannot pull it away."""
    built = Path(os.environ.get("PORTLINT_E2E_VSIX") or ROOT / "dist" / "portlint-linux-x64.vsix")
    if not built.is_file():
        build_vsix(built)
    copy = tmp_path_factory.mktemp("vsix") / built.name
    shutil.copyfile(built, copy)
    return copy
