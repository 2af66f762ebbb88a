"""Windows' excluded port ranges: recorded `netsh` outputs (tests/fixtures/netsh/, sources in its README), the
command run through a stand-in program, and the snapshot that carries them, all on any platform."""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portlint.core.model import PortRange
from portlint.system import listeners, netsh
from portlint.system.netsh import merge, parse_excluded_ranges, reserved_ranges

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "netsh"
EXPECTED: dict[str, list[list[object]]] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))

# Constructed, not recorded: the German header as other projects quote it, in the recorded rows' shape.
GERMAN = (
    'Portausschlussbereiche für das Protokoll "tcp"\r\n\r\nStartport      Endport\r\n----------    --------\r\n'
    "      5357        5357\r\n     50000       50059     *\r\n\r\n* - Verwaltete Portausschlüsse.\r\n"
)


def recorded(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


def test_every_recording_has_its_expectation_and_a_source() -> None:
    names = sorted(path.name for path in FIXTURES.glob("*.txt"))
    assert names == sorted(EXPECTED)
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in readme, f"{name} has no source in the README"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recorded_output_parses_to_its_ranges(name: str) -> None:
    ranges = parse_excluded_ranges(recorded(name))
    assert [[item.start, item.end, item.administered] for item in ranges] == EXPECTED[name]


def test_the_recordings_cover_several_languages_crlf_and_an_empty_table() -> None:
    texts = {name: recorded(name) for name in EXPECTED}
    assert "\r\n" in texts["en-localsend-125.txt"]
    assert "Puerto de inicio" in texts["es-wsl-5306.txt"]
    assert "开始端口" in texts["zh-whimbox-21.txt"]
    assert EXPECTED["zh-empty-clash-verge-1688.txt"] == []
    assert any(row[2] for rows in EXPECTED.values() for row in rows)  # an administered range


def test_a_german_header_reads_the_same() -> None:
    assert parse_excluded_ranges(GERMAN) == [PortRange(5357, 5357), PortRange(50000, 50059, administered=True)]


def test_a_port_in_a_range() -> None:
    [item] = [r for r in parse_excluded_ranges(recorded("es-wsl-5306.txt")) if 25340 in r]
    assert (item.start, item.end) == (25313, 25412)  # the thread's own port and range
    assert 25412 in item and 25413 not in item and "25340" not in item


@pytest.mark.parametrize(
    "line", ["     70000       70001", "      5000        4000", "         0           0", "  12 13 14", "1.5 2"]
)
def test_rows_that_are_not_ranges_are_skipped(line: str) -> None:
    assert parse_excluded_ranges(line) == []


@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    for item in parse_excluded_ranges(text):
        assert 1 <= item.start <= item.end <= 65535


def test_ipv4_and_ipv6_tables_merge_each_range_once_in_port_order() -> None:
    v4 = parse_excluded_ranges(recorded("en-localsend-125.txt"))
    v6 = parse_excluded_ranges(GERMAN)
    merged = merge(v4, v6)
    assert list(merged) == sorted(set(v4) | set(v6))
    assert len([item for item in merged if item.start == 50000]) == 1


# ---- the command, through a stand-in program ------------------------------------------------------------


def standin(tmp_path: Path, output: bytes, code: int = 0) -> str:
    """A program that prints `output` for any arguments (as netsh would) and exits with `code`."""
    (tmp_path / "out.bin").write_bytes(output)
    script = tmp_path / "netsh"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"sys.stdout.buffer.write(open({str(tmp_path / 'out.bin')!r}, 'rb').read())\nsys.exit({code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script with a shebang")
def test_reserved_ranges_runs_netsh_for_both_families(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsh, "PROGRAM", standin(tmp_path, recorded("en-localsend-125.txt").encode()))
    ranges = reserved_ranges("win32")
    assert [[r.start, r.end, r.administered] for r in ranges] == EXPECTED["en-localsend-125.txt"]
    assert netsh.command("ipv6")[1:] == ["interface", "ipv6", "show", "excludedportrange", "protocol=tcp"]


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script with a shebang")
def test_output_in_the_console_code_page_still_gives_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chinese Windows writes netsh's text in GBK (code page 936): the header is lost, the digits are not."""
    text = recorded("zh-whimbox-21.txt")
    monkeypatch.setattr(netsh, "PROGRAM", standin(tmp_path, text.encode("gbk")))
    assert [[r.start, r.end, r.administered] for r in reserved_ranges("win32")] == EXPECTED["zh-whimbox-21.txt"]


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script with a shebang")
def test_a_failing_or_missing_netsh_gives_no_ranges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsh, "PROGRAM", standin(tmp_path, b"The requested operation requires elevation.", 1))
    assert reserved_ranges("win32") == ()
    monkeypatch.setattr(netsh, "PROGRAM", str(tmp_path / "no-such-netsh"))
    assert reserved_ranges("win32") == ()


def test_nothing_runs_outside_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("netsh ran on a platform without it")

    monkeypatch.setattr(netsh, "run_netsh", must_not_run)
    assert reserved_ranges("linux") == () and reserved_ranges("darwin") == ()


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script with a shebang")
def test_the_snapshot_carries_the_ranges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsh, "PROGRAM", standin(tmp_path, recorded("en-hyperv-clash-verge-1688.txt").encode()))
    monkeypatch.setattr(listeners.netsh, "reserved_ranges", functools.partial(reserved_ranges, "win32"))
    snapshot = listeners.take_snapshot()
    assert [[r.start, r.end, r.administered] for r in snapshot.reserved] == EXPECTED["en-hyperv-clash-verge-1688.txt"]


def test_netsh_runs_without_a_console_window_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    assert netsh.window_flags("win32") == 0x08000000  # CREATE_NO_WINDOW
    assert netsh.window_flags("linux") == 0  # other platforms refuse creation flags
    seen: dict[str, object] = {}

    def run(args: list[str], **kwargs: object) -> object:
        seen.update(kwargs)
        raise OSError("no netsh here")

    monkeypatch.setattr(netsh.subprocess, "run", run)
    assert netsh.run_netsh("ipv4") is None
    assert seen["creationflags"] == netsh.window_flags() and seen["stdin"] == netsh.subprocess.DEVNULL
