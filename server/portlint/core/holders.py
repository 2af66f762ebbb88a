"""Who a holder is: one of ours or foreign, in words, and the way out when it is in the way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .model import Claim, Listener, Process, Settings
from .paths import is_inside

# The switch sits in System Settings → General → AirDrop & Handoff on macOS 13, 14 and 15 (System Preferences
# → Sharing on 12); the pane's name is not the same in every release since, while a search in System Settings
# for "AirPlay Receiver" finds the switch on each of them (sources: README, "macOS").
AIRPLAY_OFF = (
    "AirPlay Receiver (System Settings → General → AirDrop & Handoff on macOS 13–15; on any version, search "
    "System Settings for “AirPlay Receiver”)"
)
AIRPLAY_FIX = "Switch off AirPlay Receiver (search System Settings for “AirPlay Receiver”)"
# Docker Desktop's process that listens for published container ports: macOS (docker/for-mac#7468) and, as
# `com.docker.backend.exe`, Windows (docker/for-win#14859); com.docker.slirp in releases of 2016-2017.
DOCKER_DESKTOP = frozenset({"com.docker.backend", "com.docker.slirp", "com.docker.vpnkit", "vpnkit"})
# WSL 2 forwards a port a Linux server listens on to Windows' localhost through these (wslhost.exe before
# wslrelay.exe).
WSL_RELAY = frozenset({"wslrelay", "wslhost"})


def is_ours(process: Process | None, root: str, settings: Settings, vouched: frozenset[str] = frozenset()) -> bool:
    """A process of this workspace: its working folder or a path on its command line lies inside it, the user
    said its name is theirs (`neverForeign`), or a tool vouched for it on this port (`vouched`: the names in
    `Claim.ours_when_held_by` of the claims on the port, e.g. a `docker-proxy` publishing the workspace's
    compose port)."""
    if process is None:
        return False
    if process.name in settings.never_foreign or process.name in vouched:
        return True
    if process.cwd and is_inside(process.cwd, root):
        return True
    return any(os.path.isabs(arg) and is_inside(arg, root) for arg in process.cmdline)


def vouched_by(claims: Iterable[Claim], port: int) -> frozenset[str]:
    """The process names the tools of the claims on `port` count as the workspace's own there."""
    return frozenset(name for claim in claims if claim.port == port for name in claim.ours_when_held_by)


def base_name(process: Process | None) -> str:
    """The program's name without Windows' `.exe`, lower-cased: `com.docker.backend.exe` → `com.docker.backend`."""
    if process is None:
        return ""
    name = process.name.lower()
    return name[:-4] if name.endswith(".exe") else name


def is_airplay(listener: Listener) -> bool:
    return listener.process is not None and listener.process.name == "ControlCenter"


def is_docker_desktop(process: Process | None) -> bool:
    return base_name(process) in DOCKER_DESKTOP


def is_wsl_relay(process: Process | None) -> bool:
    return base_name(process) in WSL_RELAY


def hidden(process: Process) -> bool:
    """Nothing but the pid and perhaps the name could be read: another user's process (Windows' services,
    root's on macOS) that portlint may not look into without administrator rights."""
    return process.name == "?" or (process.user is None and not process.cmdline and process.cwd is None)


def docker_forward(process: Process) -> str | None:
    """`docker-proxy -host-ip IP -host-port N -container-ip IP -container-port M` → "IP:M"."""
    if process.name != "docker-proxy":
        return None
    args = list(process.cmdline)
    values = {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("-")}
    ip, port = values.get("-container-ip"), values.get("-container-port")
    return f"{ip}:{port}" if ip and port else "a container"


def describe(listener: Listener) -> str:
    """Name, pid, user and command line, plus what a known holder really is."""
    process = listener.process
    where = f"{bracket(listener.address)}:{listener.port}"
    if process is None:
        return f"a process portlint may not see (on {where}; run as an administrator to name it)"
    if process.name == "?":
        return f"another user's process (pid {process.pid}) on {where}"
    who = f"{process.name} (pid {process.pid}{', user ' + process.user if process.user else ''})"
    if is_airplay(listener):
        return f"{who}, macOS's AirPlay Receiver, on {where}"
    forward = docker_forward(process)
    if forward is not None:
        return f"{who}, a published Docker container port forwarding {where} to {forward}"
    if is_docker_desktop(process):
        return f"{who}, Docker Desktop's backend (it listens for published container ports), on {where}"
    if is_wsl_relay(process):
        return f"{who}, WSL's relay forwarding {where} to a server inside WSL"
    if hidden(process):
        return f"{process.name} (pid {process.pid}), another user's process, on {where}"
    command = process.command
    if len(command) > 160:
        command = command[:157] + "..."
    return f"{who} on {where}: {command}"


def way_out(holders: Sequence[Listener]) -> str:
    """What to do about foreign holders, most specific advice first."""
    for listener in holders:
        process = listener.process
        if is_airplay(listener):
            return f"switch off {AIRPLAY_OFF}, or move this service to a free port"
        if process is not None and process.name == "docker-proxy":
            return (
                f"stop that container (`docker ps --filter publish={listener.port}`) or publish it on another "
                "port, or move this service to a free port"
            )
        if is_docker_desktop(process):
            return (
                f"stop the container that publishes it (`docker ps --filter publish={listener.port}`) or publish "
                "it on another port (if none does, restart Docker Desktop), or move this service to a free port"
            )
        if is_wsl_relay(process):
            return (
                f"stop the server on port {listener.port} inside WSL (`ss -ltnp` there names it) or run "
                "`wsl --shutdown`, or move this service to a free port (if that server is this workspace's, "
                "add wslrelay.exe to portlint.neverForeign)"
            )
    pids = sorted({str(h.process.pid) for h in holders if h.process is not None})
    if pids and all(h.process is not None and hidden(h.process) for h in holders):
        return (
            f"stop process {', '.join(pids)} as an administrator if it should not be running, or move this "
            "service to a free port"
        )
    if pids:
        return f"stop process {', '.join(pids)} if it should not be running, or move this service to a free port"
    return "find the holder (`sudo lsof -nP -iTCP -sTCP:LISTEN`) or move this service to a free port"


def bracket(address: str) -> str:
    return f"[{address}]" if ":" in address else address
