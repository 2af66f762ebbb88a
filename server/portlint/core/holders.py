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
# The ports macOS's AirPlay Receiver (ControlCenter) listens on. ControlCenter on any other port is some other
# part of it, and AirPlay advice there would be wrong.
AIRPLAY_PORTS = frozenset({5000, 7000})


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
    return listener.process is not None and listener.process.name == "ControlCenter" and listener.port in AIRPLAY_PORTS


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
        return f"{identity(listener)} on {where}"
    if is_airplay(listener) or process.name == "docker-proxy" or _known(process):
        return f"{identity(listener)}, on {where}"
    return f"{identity(listener)} on {where}: {clip(process.command, 160)}"


def _known(process: Process) -> bool:
    """A holder whose identity says what it is, so its command line adds nothing."""
    return is_docker_desktop(process) or is_wsl_relay(process) or hidden(process)


def identity(listener: Listener) -> str:
    """Name, pid and user, plus what a known holder really is; no address (one holder, many addresses)."""
    process = listener.process
    if process is None:
        return "a process portlint may not see (run as an administrator to name it)"
    if process.name == "?":
        return f"another user's process (pid {process.pid})"
    named = f"{process.name} (pid {process.pid}{', user ' + process.user if process.user else ''})"
    if is_airplay(listener):
        return f"{named}, macOS's AirPlay Receiver"
    forward = docker_forward(process)
    if forward is not None:
        return f"{named}, a published Docker container port forwarding to {forward}"
    if is_docker_desktop(process):
        return f"{named}, Docker Desktop's backend (it listens for published container ports)"
    if is_wsl_relay(process):
        return f"{named}, WSL's relay forwarding to a server inside WSL"
    if hidden(process):
        return f"{process.name} (pid {process.pid}), another user's process"
    return named


def who(listener: Listener) -> str:
    """The holder in a few words, for a message: name and pid, and what a known holder really is."""
    process = listener.process
    if process is None:
        return "a process portlint may not see"
    name = clip(process.name, 32)
    if is_airplay(listener):
        return f"{name} (pid {process.pid}), macOS's AirPlay Receiver"
    if process.name == "docker-proxy":
        return f"a Docker container (docker-proxy, pid {process.pid})"
    if is_docker_desktop(process):
        return f"a Docker container (Docker Desktop's {name}, pid {process.pid})"
    if is_wsl_relay(process):
        return f"a server inside WSL ({name}, pid {process.pid})"
    if process.name == "?" or hidden(process):
        return f"another user's process ({'' if process.name == '?' else name + ', '}pid {process.pid})"
    return f"{name} (pid {process.pid})"


def short_way_out(holders: Sequence[Listener], move: str = "move to a free port") -> str:
    """The way out in a few words, for a message; `way_out` and `airplay_note` give the details."""
    for listener in holders:
        if is_airplay(listener):
            return f"switch off AirPlay Receiver, or {move}"
        if listener.process is not None and (
            listener.process.name == "docker-proxy" or is_docker_desktop(listener.process)
        ):
            return f"stop that container, or {move}"
        if is_wsl_relay(listener.process):
            return f"stop the server inside WSL, or {move}"
    pids = sorted({h.process.pid for h in holders if h.process is not None})
    if pids:
        return f"stop pid {', '.join(map(str, pids[:3]))}, or {move}"
    return f"find the holder (`sudo lsof -nP -iTCP -sTCP:LISTEN`), or {move}"


def way_out(holders: Sequence[Listener], move: str = "move this service to a free port") -> str:
    """What to do about foreign holders, most specific advice first."""
    for listener in holders:
        process = listener.process
        if is_airplay(listener):
            return f"switch off {AIRPLAY_OFF}, or {move}"
        if process is not None and process.name == "docker-proxy":
            return (
                f"stop that container (`docker ps --filter publish={listener.port}`) or publish it on another "
                f"port, or {move}"
            )
        if is_docker_desktop(process):
            return (
                f"stop the container that publishes it (`docker ps --filter publish={listener.port}`) or publish "
                f"it on another port (if none does, restart Docker Desktop), or {move}"
            )
        if is_wsl_relay(process):
            return (
                f"stop the server on port {listener.port} inside WSL (`ss -ltnp` there names it) or run "
                f"`wsl --shutdown`, or {move} (if that server is this workspace's, add wslrelay.exe to "
                "portlint.neverForeign)"
            )
    pids = sorted({str(h.process.pid) for h in holders if h.process is not None})
    if pids and all(h.process is not None and hidden(h.process) for h in holders):
        return f"stop process {', '.join(pids)} as an administrator if it should not be running, or {move}"
    if pids:
        return f"stop process {', '.join(pids)} if it should not be running, or {move}"
    return f"find the holder (`sudo lsof -nP -iTCP -sTCP:LISTEN`) or {move}"


def by_process(listeners: Iterable[Listener]) -> list[list[Listener]]:
    """The listeners grouped by owning process (in the order met): one holder on several addresses is one."""
    groups: dict[object, list[Listener]] = {}
    for listener in listeners:
        key: object = listener.process.pid if listener.process else ("unseen", listener.socket)
        groups.setdefault(key, []).append(listener)
    return list(groups.values())


def addresses(listeners: Iterable[Listener]) -> str:
    """`0.0.0.0:5000, [::]:5000`."""
    return ", ".join(f"{bracket(listener.address)}:{listener.port}" for listener in listeners)


def clip(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis when longer (names inside a short message)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bracket(address: str) -> str:
    return f"[{address}]" if ":" in address else address
