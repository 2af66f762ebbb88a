"""Single sources. The finding codes have one, core/codes.py: SARIF rules, the extension's severity setting
schema and the README's list are made from it. The dev servers have one, the registry: the extension's document
selector and activation events are made from it. These tests fail when any of them drifts."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

from portlint.core import codes
from portlint.core.model import Severity
from portlint.output.sarif import rules
from portlint.registry import FILE_KINDS, watched_globs

REPO = Path(__file__).resolve().parents[2]


def _sync_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sync_generated", REPO / "scripts" / "sync_generated.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_package_json_and_readme_list_exactly_the_table() -> None:
    drifted = _sync_script().drifted()
    assert not drifted, f"run `python scripts/sync_generated.py`: {[p.name for p in drifted]} drifted"
    manifest = json.loads((REPO / "package.json").read_text())
    schema = manifest["contributes"]["configuration"]["properties"]["portlint.severity"]["properties"]
    assert list(schema) == list(codes.ALL_CODES)


def test_a_stale_list_is_noticed() -> None:
    sync = _sync_script()
    readme = (REPO / "README.md").read_text()
    stale = readme.replace(f"| [`{codes.CONFIG_UNREADABLE}`]", "| [`config-unreadable-old`]")
    assert sync.readme_text(stale) == readme
    manifest = (REPO / "package.json").read_text()
    assert sync.package_json_text(manifest.replace('"config-unreadable"', '"config-gone"')) == manifest


def test_every_code_has_a_readme_section_and_no_section_names_a_dropped_code() -> None:
    readme = (REPO / "README.md").read_text()
    sections = set(re.findall(r"^### `([a-z]+(?:-[a-z]+)+)`$", readme, re.MULTILINE))
    assert sections == set(codes.ALL_CODES)


def test_sarif_rules_come_from_the_table_with_help() -> None:
    made = rules()
    assert [rule["id"] for rule in made] == list(codes.ALL_CODES)
    for rule, code in zip(made, codes.CODES, strict=True):
        assert rule["shortDescription"]["text"] == code.title
        assert rule["fullDescription"]["text"] == code.description
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["helpUri"] == codes.docs_url(code.id) and rule["helpUri"].endswith("#" + code.id)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_the_table_is_well_formed() -> None:
    constants = {v for k, v in vars(codes).items() if k.isupper() and isinstance(v, str) and k != "DOCS_URL"}
    assert constants == set(codes.ALL_CODES)
    for code in codes.CODES:
        Severity(code.severity)
        assert code.title.endswith(".") and code.description.endswith(".")


def test_every_kind_of_file_is_sent_to_the_server_and_watched() -> None:
    text = _sync_script().CONFIG_FILES_TS.read_text(encoding="utf-8")
    for kind in FILE_KINDS:
        assert kind.globs, f"{kind.kind} has no editor glob"
        for glob in kind.globs:
            assert json.dumps(glob) in text
            assert glob in watched_globs()


def test_activation_keeps_the_commands() -> None:
    events = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["activationEvents"]
    assert "workspaceContains:firebase.json" in events
    assert "onCommand:portlint.showPortMap" in events
