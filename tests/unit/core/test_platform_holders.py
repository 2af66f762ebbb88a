"""Known holders of macOS and Windows, named with their way out: Docker Desktop's backend, WSL's relay, AirPlay,
and another user's process whose details Windows hides. Process names are as the platforms report them
(sources in the comments)."""

from __future__ import annotations

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.holders import AIRPLAY_FIX, AIRPLAY_OFF, describe, way_out
from portlint.core.model import Finding, Process, Snapshot

from .builders import ROOT, claim, listener, process


def held(*listeners: object, port: int = 8080, platform: str = "win32") -> Finding:
    snap = Snapshot(listeners=listeners, platform=platform, localhost_order=("::1", "127.0.0.1"))  # type: ignore[arg-type]
    found = analyze([claim(port, host="0.0.0.0")], [], snap, ROOT)
    [finding] = [f for f in found if f.code == codes.PORT_HELD_BY_FOREIGN_PROCESS]
    return finding


def details(finding: Finding) -> str:
    """The short message and its details (the related information the hover and the Problems panel show)."""
    return " ".join([finding.message, *(related.message for related in finding.related)])


# Windows: psutil names the program with its suffix; the path is docker/for-win#14859's Get-Process output.
DOCKER_WINDOWS = Process(
    pid=25740,
    name="com.docker.backend.exe",
    exe=r"C:\Program Files\Docker\Docker\resources\com.docker.backend.exe",
    cmdline=(r"C:\Program Files\Docker\Docker\resources\com.docker.backend.exe",),
    user="DESKTOP\\dev",
)
# macOS: `com.docker.backend` on *:8888, IPv6 (docker/for-mac#7468, Docker Desktop 4.35, darwin/arm64).
DOCKER_MAC = process(
    2469, "com.docker.backend", cmdline=("/Applications/Docker.app/Contents/MacOS/com.docker.backend",)
)
WSL_RELAY = Process(pid=9120, name="wslrelay.exe", cmdline=(r"C:\Program Files\WSL\wslrelay.exe", "--mode", "2"))


def test_docker_desktop_on_windows_is_named_with_its_way_out() -> None:
    finding = held(listener("0.0.0.0", 8080, DOCKER_WINDOWS), listener("::", 8080, DOCKER_WINDOWS))
    assert "a Docker container (Docker Desktop's com.docker.backend.exe, pid 25740)" in finding.message
    assert "stop that container" in finding.message and len(finding.message) <= 200
    assert "com.docker.backend.exe (pid 25740, user DESKTOP\\dev), Docker Desktop's backend" in details(finding)
    assert "`docker ps --filter publish=8080`" in details(finding)
    assert "restart Docker Desktop" in details(finding)


def test_docker_desktop_on_macos_too() -> None:
    finding = held(listener("::", 8888, DOCKER_MAC), port=8888, platform="darwin")
    assert "Docker Desktop's backend (it listens for published container ports), on [::]:8888" in details(finding)
    assert "`docker ps --filter publish=8888`" in details(finding)


def test_a_port_forwarded_from_wsl_names_the_relay_and_the_way_out() -> None:
    finding = held(listener("127.0.0.1", 8080, WSL_RELAY), listener("::1", 8080, WSL_RELAY))
    assert "a server inside WSL (wslrelay.exe, pid 9120)" in finding.message
    assert "wslrelay.exe (pid 9120), WSL's relay forwarding to a server inside WSL" in details(finding)
    assert "inside WSL (`ss -ltnp` there names it)" in details(finding) and "`wsl --shutdown`" in details(finding)
    assert "add wslrelay.exe to portlint.neverForeign" in details(finding)  # the server in WSL may be ours


def test_never_foreign_makes_the_relay_ours() -> None:
    from portlint.core.model import Settings

    snap = Snapshot(listeners=(listener("127.0.0.1", 8080, WSL_RELAY),), platform="win32")
    found = analyze([claim(8080)], [], snap, ROOT, Settings(never_foreign=frozenset({"wslrelay.exe"})))
    assert [f for f in found if f.code == codes.PORT_HELD_BY_FOREIGN_PROCESS] == []


def test_the_older_wsl_host_process_is_the_relay_too() -> None:
    relay = Process(pid=77, name="wslhost.exe")
    assert "WSL's relay" in describe(listener("127.0.0.1", 3000, relay))


def test_another_users_process_whose_name_windows_hides() -> None:
    nameless = Process(pid=4, name="?")
    assert describe(listener("0.0.0.0", 8080, nameless)) == "another user's process (pid 4) on 0.0.0.0:8080"
    finding = held(listener("0.0.0.0", 8080, nameless))
    assert "another user's process (pid 4)" in finding.message
    assert "stop process 4 as an administrator" in details(finding)


def test_another_users_process_named_but_otherwise_hidden() -> None:
    """psutil on Windows reads a service's name but not its user, command line or folder without rights."""
    service = Process(pid=3312, name="svchost.exe")
    text = describe(listener("0.0.0.0", 8080, service))
    assert text == "svchost.exe (pid 3312), another user's process, on 0.0.0.0:8080"
    assert "as an administrator" in way_out([listener("0.0.0.0", 8080, service)])


def test_a_process_of_ours_that_shows_its_details_is_not_called_another_users() -> None:
    node = Process(pid=5, name="node.exe", user="DESKTOP\\dev", cmdline=("node", "server.js"), cwd=r"C:\work")
    assert "another user's" not in describe(listener("127.0.0.1", 8080, node))
    assert "as an administrator" not in way_out([listener("127.0.0.1", 8080, node)])


def test_the_airplay_way_out_is_right_on_every_macos_since_13() -> None:
    """macOS 13, 14 and 15: System Settings → General → AirDrop & Handoff → AirPlay Receiver; searching System
    Settings for the switch's name finds it on every version, 26 included (README: "macOS")."""
    assert "System Settings → General → AirDrop & Handoff on macOS 13–15" in AIRPLAY_OFF
    assert "search System Settings for “AirPlay Receiver”" in AIRPLAY_OFF
    assert "AirPlay Receiver" in AIRPLAY_FIX and "search System Settings" in AIRPLAY_FIX
