"""Which emulators `firebase emulators:start` starts for a firebase.json (firebase-tools 15.34.2's
filterEmulatorTargets / shouldStart / startAll), and the information on an entry it skips."""

from __future__ import annotations

import pytest

from portlint.core import codes
from portlint.core.model import Severity
from portlint.tools.base import ResolveContext
from portlint.tools.firebase.checks import check
from portlint.tools.firebase.firebase_json import parse_firebase
from portlint.tools.firebase.resolve import resolve

PATH = "/w/firebase.json"


def _ports(text: str) -> dict[str, int]:
    facts = parse_firebase(PATH, text).facts
    return {
        c.service.removeprefix("firebase ").removesuffix(" emulator"): c.port
        for c in resolve(facts, ResolveContext("/w"))
    }


@pytest.mark.parametrize(
    ("text", "started"),
    [
        pytest.param(  # most real firebase.json files: no emulators block, and the emulators still start
            '{"hosting": {"public": "dist"}, "functions": {"source": "functions"}, "firestore": {"rules": "r"}}',
            {"hub": 4400, "logging": 4500, "hosting": 5000, "functions": 5001, "firestore": 8080,
             "firestore.websocketPort": 9150, "eventarc": 9299, "tasks": 9499, "ui": 4000},
            id="products-without-emulators-block",
        ),
        pytest.param(  # hosting is no UI emulator: no UI, no logging
            '{"hosting": {"public": "dist"}}', {"hub": 4400, "logging": 4500, "hosting": 5000}, id="hosting-only",
        ),
        pytest.param(  # an entry starts an emulator that needs no config of its own
            '{"emulators": {"auth": {"port": 9199}}}', {"hub": 4400, "logging": 4500, "auth": 9199, "ui": 4000},
            id="auth-entry-alone",
        ),
        pytest.param(  # hosting and functions entries need their product's config
            '{"firestore": {}, "emulators": {"hosting": {"port": 5000}, "functions": {"port": 5001}}}',
            {"hub": 4400, "logging": 4500, "firestore": 8080, "firestore.websocketPort": 9150, "ui": 4000},
            id="entries-without-product",
        ),
        pytest.param(  # `hosting: {}` is truthy in JavaScript: it is a hosting config
            '{"hosting": {}, "emulators": {"ui": {"enabled": false}}}', {"hub": 4400, "logging": 4500, "hosting": 5000},
            id="empty-hosting-object",
        ),
        pytest.param(
            '{"functions": [], "auth": {}, "emulators": {"ui": {"enabled": false}}}',
            {"hub": 4400, "logging": 4500, "auth": 9099},
            id="empty-functions-array-is-refused",
        ),
        pytest.param(  # "No emulators to start": firebase-tools stops before the hub
            '{"firebase": "demo", "public": "quickstart", "ignore": ["firebase.json"]}', {}, id="legacy-keys",
        ),
        pytest.param('{"emulators": {"ui": {"port": 4001}, "hub": {}}}', {}, id="only-ui-and-hub-entries"),
    ],
)  # fmt: skip
def test_the_emulators_that_start(text: str, started: dict[str, int]) -> None:
    assert _ports(text) == started


def test_a_written_hub_port_is_used() -> None:
    assert _ports('{"auth": {}, "emulators": {"hub": {"port": 4401}, "ui": {"enabled": false}}}')["hub"] == 4401


def test_a_default_points_at_the_product_key_and_writes_a_new_entry() -> None:
    text = '{\n  "hosting": {"public": "dist"}\n}\n'
    (hosting,) = [c for c in resolve(parse_firebase(PATH, text).facts, ResolveContext("/w")) if c.port == 5000]
    assert hosting.location.range.start.line == 1 and hosting.movable
    assert hosting.insertion is not None
    assert hosting.insertion.text(5005) == '"emulators": {"hosting": {"port": 5005}},\n  '


def test_an_entry_that_does_not_start_is_an_information_not_a_claim() -> None:
    text = '{"firestore": {}, "emulators": {"hosting": {"port": 5000}}}'
    facts = parse_firebase(PATH, text).facts
    claims = resolve(facts, ResolveContext("/w"))
    assert 5000 not in {c.port for c in claims}
    (finding,) = check(facts, claims, "/w")
    assert (finding.code, finding.severity) == (codes.EMULATOR_NOT_STARTED, Severity.INFORMATION)
    assert finding.location.range.start.character == text.index('"hosting"') + 1
    assert len(finding.message) <= 200


def test_each_firebase_json_below_the_root_is_a_project_of_its_own() -> None:
    text = '{"auth": {}, "emulators": {"ui": {"enabled": false}}}'
    root = resolve(parse_firebase(PATH, text).facts, ResolveContext("/w"))
    sample = resolve(parse_firebase("/w/samples/a/firebase.json", text).facts, ResolveContext("/w"))
    assert {c.service for c in root} == {"firebase hub emulator", "firebase logging emulator", "firebase auth emulator"}
    assert {c.service for c in sample} == {f"firebase {n} emulator (samples/a)" for n in ("hub", "logging", "auth")}
