"""Messages a Problems list can show: at most 200 characters, with the details in related information, and
the AirPlay wording only where the AirPlay Receiver really listens."""

from __future__ import annotations

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import ConfigProblem, Finding, Location, Range, Role

from .builders import AIRPLAY, FLASK, ROOT, claim, listener, process, snapshot

LIMIT = 200
LONG = "x" * 150


def _long(port: int, **kwargs: object) -> object:
    return claim(port, service=f"flask {LONG}/app.py", file=f"{LONG}/.flaskenv", **kwargs)  # type: ignore[arg-type]


def _fits(findings: list[Finding]) -> None:
    assert findings
    for finding in findings:
        assert len(finding.message) <= LIMIT, (len(finding.message), finding.message)


def test_messages_fit_in_200_characters_whatever_the_names() -> None:
    long_name = process(77, "a-process-with-a-very-long-name-" + "y" * 80, cmdline=("/opt/" + "z" * 3000,))
    listen = claim(5000, service=f"flask {LONG}/app.py", file=f"{LONG}/.flaskenv")
    mover = claim(
        5000, service=f"firebase {LONG} emulator", tool="firebase", host="localhost", movable=True, explicit=False
    )
    asking = claim(4200, service=f"angular {LONG}", tool="angular", host="localhost", file="a/angular.json")
    asking_too = claim(4200, service=f"angular {LONG}2", tool="angular", host="localhost", file="b/angular.json")
    target = claim(
        5000,
        service=f"angular {LONG} proxy",
        tool="angular",
        role=Role.CONNECT,
        host="localhost",
        file="src/proxy.conf.json",
        target=f"http://localhost:5000/{LONG}",
    )
    restricted = claim(6000, service=f"flask {LONG}/other.py", file="other/.flaskenv")
    stray_target = claim(
        5999, service=f"angular {LONG} proxy", tool="angular", role=Role.CONNECT, host="localhost", file="p.json"
    )
    problem = ConfigProblem(Location(f"{ROOT}/{LONG}/angular.json", Range.of(0, 0)), "reason " * 60)
    snap = snapshot(listener("0.0.0.0", 5000, long_name), listener("::1", 5000, AIRPLAY))
    claims = [listen, mover, asking, asking_too, target, restricted, stray_target]
    findings = analyze(claims, [problem], snap, ROOT)
    findings += analyze(claims, [], snapshot(listener("0.0.0.0", 5000, long_name)), ROOT)  # held, not split
    _fits(findings)
    found = {f.code for f in findings}
    assert {
        codes.PORT_HELD_BY_FOREIGN_PROCESS,
        codes.PORT_SPLIT_BETWEEN_LISTENERS,
        codes.PORT_CLAIMED_TWICE,
        codes.BROWSER_RESTRICTED_PORT,
        codes.PROXY_TARGET_MISMATCH,
        codes.CONFIG_UNREADABLE,
    } <= found
    # A message cut short keeps its whole text in the related information.
    unreadable = next(f for f in findings if f.code == codes.CONFIG_UNREADABLE)
    assert any(r.message.endswith("everything else is.") and "reason reason" in r.message for r in unreadable.related)


def test_localhost_elsewhere_fits_and_says_the_literal_way_out() -> None:
    proxy = claim(
        5000,
        service="angular web proxy /api",
        tool="angular",
        role=Role.CONNECT,
        host="localhost",
        file="src/proxy.conf.json",
        target="http://localhost:5000",
    )
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("::1", 5000, AIRPLAY))
    findings = analyze([claim(5000), proxy], [], snap, ROOT)
    _fits(findings)
    (wrong,) = [f for f in findings if f.code == codes.LOCALHOST_RESOLVES_ELSEWHERE]
    assert wrong.message.endswith("Way out: target http://127.0.0.1:5000.")


def test_airplay_words_only_where_airplay_listens() -> None:
    for port, airplay in ((5000, True), (7000, True), (5001, False), (49152, False)):
        snap = snapshot(listener("0.0.0.0", port, AIRPLAY), listener("::", port, AIRPLAY))
        (held,) = analyze([claim(port)], [], snap, ROOT)
        words = " ".join([held.message, *(r.message for r in held.related), *(f.title for f in held.fixes)])
        assert ("AirPlay" in words) is airplay, (port, words)
        assert "ControlCenter (pid 412)" in held.message
