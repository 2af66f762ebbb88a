"""The pre-commit hook's `files:` pattern is written from the registry (scripts/sync_generated.py; the
drift check is tests/unit/test_generated_files.py): every file discovery takes for a config must match it,
and files that are no config must not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from portlint.registry import FILE_KINDS
from portlint.workspace.discover import kind_of

REPO = Path(__file__).resolve().parents[2]
PROXY_NAMES = ("proxy.conf.json", "proxy.conf.js", "proxy.config.json", "dev.proxy.conf.mjs", "proxy-local.json")
NOT_CONFIGS = ("README.md", "notes.txt", "package.json.bak", "src/app.component.ts", "docs/nginx.md", "Makefile.in")


def _files_pattern() -> re.Pattern[str]:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return re.compile(hook["files"])


def _samples() -> list[str]:
    samples = []
    for kind in FILE_KINDS:
        folder = f"{kind.folder}/" if kind.folder else ""
        samples += [f"{folder}{name}" for name in kind.names]
        samples += [f"app/{folder}{name}" for name in kind.names]
        if kind.suffix:
            samples += [f"{folder}site{kind.suffix}", f"deep/er/{folder}site{kind.suffix}"]
        if kind.matches is not None:
            samples += [f"src/{name}" for name in PROXY_NAMES if kind.matches(name)]
    return samples


@pytest.mark.parametrize("path", _samples())
def test_every_config_discovery_takes_runs_the_hook(path: str) -> None:
    assert kind_of(path) is not None, f"{path} is no sample of a config"
    assert _files_pattern().search(path), path


@pytest.mark.parametrize("path", NOT_CONFIGS)
def test_other_files_do_not(path: str) -> None:
    assert not _files_pattern().search(path)
