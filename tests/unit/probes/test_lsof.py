"""`parse_lsof` on recorded (Linux) and constructed (macOS) `lsof -F` output: tests/fixtures/lsof/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portlint.core.model import Listener
from portlint.system.lsof import parse_lsof

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lsof"
SAMPLES = sorted(path.stem for path in FIXTURES.glob("*.lsof"))


def as_rows(listeners: list[Listener]) -> list[dict[str, Any]]:
    rows = []
    for listener in listeners:
        assert listener.process is not None
        process = listener.process
        rows.append(
            {
                "address": listener.address,
                "port": listener.port,
                "family": listener.family,
                "pid": process.pid,
                "name": process.name,
                "ppid": process.ppid,
                "user": process.user,
            }
        )
    return rows


def read_sample(name: str) -> str:
    return (FIXTURES / f"{name}.lsof").read_bytes().decode("utf-8", errors="replace")


def test_every_sample_has_its_expectation() -> None:
    assert {"linux-recorded", "macos-constructed", "garbage"} <= set(SAMPLES)
    for name in SAMPLES:
        assert (FIXTURES / f"{name}.expected.json").is_file(), name


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_parses_to_expected_listeners(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text())
    assert as_rows(parse_lsof(read_sample(name))) == expected


@pytest.mark.parametrize("name", SAMPLES)
def test_nul_terminated_fields_read_the_same(name: str) -> None:
    """`lsof -F0` ends fields with NUL instead of newline."""
    text = read_sample(name)
    assert parse_lsof(text.replace("\n", "\0")) == parse_lsof(text)


def test_airplay_holds_5000_and_7000_on_both_families() -> None:
    listeners = parse_lsof(read_sample("macos-constructed"))
    airplay = {
        (item.address, item.port, item.family)
        for item in listeners
        if item.process and item.process.name == "ControlCenter"
    }
    assert airplay == {("0.0.0.0", 5000, 4), ("::", 5000, 6), ("0.0.0.0", 7000, 4), ("::", 7000, 6)}


def test_reuseport_pair_is_two_listeners_on_one_socket() -> None:
    listeners = parse_lsof(read_sample("linux-recorded"))
    by_socket: dict[object, list[str]] = {}
    for item in listeners:
        assert item.process is not None
        by_socket.setdefault(item.socket, []).append(item.process.name)
    assert [names for names in by_socket.values() if len(names) > 1] == [["flask", "python"]]


def test_a_duplicated_file_descriptor_is_one_listener() -> None:
    text = "p10\ncx\nf3\ntIPv4\nn127.0.0.1:5000\nf4\ntIPv4\nn127.0.0.1:5000\n"
    assert len(parse_lsof(text)) == 1


@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    for listener in parse_lsof(text):
        assert 0 <= listener.port <= 65535
        assert listener.family in (4, 6)


@given(
    st.lists(
        st.sampled_from(["p1", "p", "cname", "R2", "f3", "tIPv4", "tIPv6", "n*:80", "n[::1]:x", "TST=LISTEN", "nx:1"])
    )
)
def test_field_soup_never_raises(lines: list[str]) -> None:
    parse_lsof("\n".join(lines))
