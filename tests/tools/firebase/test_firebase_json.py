"""firebase.json beyond its data-driven cases (tests/tools/firebase/cases/firebase/, run by
tests/test_parser_cases.py).
"""

from __future__ import annotations

from portlint.tools.firebase.facts import FirebaseEmulator
from portlint.tools.firebase.firebase_json import DEFAULT_PORTS, parse_firebase


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
