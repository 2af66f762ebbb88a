"""Output is valid and safe in every format and locale, whatever the workspace holds: a lone surrogate in a
config, a folder name that is not UTF-8, a newline in a folder name, ESC and BEL in a config string."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

FORGED = "README.md:1:1: error port-held-by-foreign-process: forged"
# Python's UTF-8 locale, the C and POSIX locales (Python's UTF-8 mode, surrogateescape on stdout), and
# encodings that lack most characters.
LOCALES = {
    "C.UTF-8": {"LANG": "C.UTF-8"},
    "C": {"LC_ALL": "C"},
    "POSIX": {"LC_ALL": "POSIX"},
    "latin-1": {"LANG": "C.UTF-8", "PYTHONIOENCODING": "latin-1"},
    "ascii": {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
}
COMMANDS = {
    "check-text": ("check", "--no-live"),
    "check-json": ("check", "--no-live", "--format", "json"),
    "check-sarif": ("check", "--no-live", "--format", "sarif"),
    "ports-text": ("ports", "--no-live"),
    "ports-json": ("ports", "--no-live", "--format", "json"),
}
# A URI reference: unreserved and reserved characters and percent escapes, nothing else.
URI = re.compile(r"[A-Za-z0-9\-._~/%!$&'()*+,;=:@]*")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    # A project name with an OSC title sequence and BEL; the Angular dev server on 5000.
    (root / "angular.json").write_text(
        '{"version": 1, "projects": {"web\\u001b]0;owned\\u0007": {"architect": {"serve": '
        '{"builder": "@angular/build:dev-server", "options": {"port": 5000}}}}}}'
    )
    (root / "firebase.json").write_text('{"hosting": {}, "emulators": {"hosting": {"host": "\\ud800", "port": 5000}}}')
    forged = root / f"x\n{FORGED}"
    forged.mkdir()
    (forged / ".flaskenv").touch()
    not_utf8 = os.path.join(os.fsencode(root), b"caf\xff")
    os.mkdir(not_utf8)
    open(os.path.join(not_utf8, b".flaskenv"), "wb").close()
    (root / "a b#%c").mkdir()
    (root / "a b#%c" / ".flaskenv").touch()
    return root


def run(args: tuple[str, ...], root: Path, locale: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env.pop("FLASK_RUN_PORT", None)
    env.update(locale)
    return subprocess.run(
        [sys.executable, "-m", "portlint", *args, str(root)], capture_output=True, env=env, timeout=60, check=False
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_format_is_valid_in_every_locale(hostile: Path, command: str, locale: str) -> None:
    result = run(COMMANDS[command], hostile, LOCALES[locale])
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr and result.stdout
    if command.endswith(("json", "sarif")):
        text = result.stdout.decode("ascii")  # plain ASCII: valid UTF-8 and valid in every locale
        json.loads(text)
    else:
        encoding = LOCALES[locale].get("PYTHONIOENCODING", "utf-8")
        result.stdout.decode(encoding)  # strict: no stray bytes
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout


def test_json_keeps_what_it_can_and_replaces_lone_surrogates(hostile: Path) -> None:
    report = json.loads(run(COMMANDS["ports-json"], hostile, LOCALES["C"]).stdout)
    hosts = {c["host"] for c in report["claims"]}
    assert "\ufffd" in hosts  # "\ud800" read from firebase.json: not valid Unicode, replaced
    files = {c["file"] for c in report["claims"]}
    assert "caf\ufffd/.flaskenv" in files
    assert f"x\n{FORGED}/.flaskenv" in files  # JSON escapes the newline itself
    services = {c["service"] for c in report["claims"]}
    assert "angular web\x1b]0;owned\x07 dev server" in services  # escaped as \u001b by JSON


def test_a_newline_in_a_folder_name_cannot_forge_a_finding_line(hostile: Path) -> None:
    result = run(COMMANDS["check-text"], hostile, LOCALES["C.UTF-8"])
    lines = result.stdout.decode().splitlines()
    assert not [line for line in lines if line.startswith("README.md")]
    # an information: the Flask apps of separate folders and the hosting emulator are separate stacks
    assert f"x\\n{FORGED}/.flaskenv:1:1: information port-claimed-twice" in result.stdout.decode()
    assert "caf\\xff/.flaskenv" in result.stdout.decode()
    ports = run(COMMANDS["ports-text"], hostile, LOCALES["C.UTF-8"]).stdout.decode().splitlines()
    assert len(ports) == 1 + 7  # the header and one line per claim (with the firebase hub and logging)
    assert any("angular web\\x1b]0;owned\\x07 dev server" in line for line in ports)


def test_colour_is_the_only_escape_sequence(hostile: Path) -> None:
    result = run(("check", "--no-live", "--color", "always"), hostile, LOCALES["C.UTF-8"])
    assert b"\x07" not in result.stdout
    assert all(re.match(rb"\[[0-9;]*m", rest) for rest in result.stdout.split(b"\x1b")[1:])


def test_sarif_uris_are_percent_encoded_uri_references(hostile: Path) -> None:
    log = json.loads(run(COMMANDS["check-sarif"], hostile, LOCALES["C"]).stdout)
    run_ = log["runs"][0]
    uris = [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run_["results"]
        for location in (*result["locations"], *result["relatedLocations"])
    ]
    assert uris
    assert all(URI.fullmatch(uri) for uri in uris), uris
    decoded = {unquote_to_bytes(uri) for uri in uris}
    assert b"caf\xff/.flaskenv" in decoded
    assert b"a b#%c/.flaskenv" in decoded
    assert f"x\n{FORGED}/.flaskenv".encode() in decoded
    assert URI.fullmatch(run_["originalUriBaseIds"]["SRCROOT"]["uri"])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("\x9b31m", "\\x9b31m"),  # the C1 control sequence introducer
        ("abc\u202edef", "abc\\u202edef"),  # a bidi override reorders what the terminal shows
        ("caf" + b"\xff".decode("utf-8", "surrogateescape"), "caf\\xff"),
        ("\ud800", "\\ud800"),
        ("plain café → ok", "plain café → ok"),
    ],
)
def test_printable_escapes_controls_and_keeps_the_rest(raw: str, shown: str) -> None:
    from portlint.output.safe import printable

    assert printable(raw) == shown
