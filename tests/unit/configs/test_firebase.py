"""firebase.json: data-driven cases under tests/fixtures/configs/firebase/<case>/ (input + expected.json).

Run with PORTLINT_UPDATE_EXPECTED=1 to rewrite the expected files, then review the diff: every location
is shown with the text it covers, so a wrong range is visible at a glance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.tools.firebase.facts import FirebaseEmulator
from portlint.tools.firebase.firebase_json import DEFAULT_PORTS, parse_firebase
from tests.unit.configs.expected import cases, check_expected, plain_result

CASES = cases("firebase")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path) -> None:
    source = next(path for path in sorted(case.iterdir()) if path.name != "expected.json")
    text = source.read_bytes().decode("utf-8", errors="replace")
    check_expected(case, plain_result(parse_firebase(str(source), text), case, text))


def test_every_default_port_is_what_firebase_tools_uses() -> None:
    # firebase-tools src/emulator/constants.ts DEFAULT_PORTS (2026).
    assert DEFAULT_PORTS == {
        "ui": 4000, "hub": 4400, "logging": 4500, "hosting": 5000, "functions": 5001, "extensions": 5001,
        "apphosting": 5002, "firestore": 8080, "pubsub": 8085, "database": 9000, "auth": 9099,
        "storage": 9199, "eventarc": 9299, "dataconnect": 9399, "tasks": 9499,
    }  # fmt: skip


def test_a_configured_port_never_moves_a_default_one_may() -> None:
    text = '{"emulators": {"hosting": {}, "ui": {"port": 4001}, "auth": {}}}'
    facts = parse_firebase("/w/firebase.json", text).facts
    movable = {fact.name: fact.movable for fact in facts if isinstance(fact, FirebaseEmulator)}
    assert movable == {"hosting": True, "ui": False, "auth": False}
