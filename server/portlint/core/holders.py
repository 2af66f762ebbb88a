"""Who a holder is: one of ours or foreign, in words, and the way out when it is in the way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .model import Claim, Listener, Process, Settings
from .paths import is_inside

AIRPLAY_OFF = "System Settings → General → AirDrop & Handoff → AirPlay Receiver"


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


def is_airplay(listener: Listener) -> bool:
    return listener.process is not None and listener.process.name == "ControlCenter"


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
    who = f"{process.name} (pid {process.pid}{', user ' + process.user if process.user else ''})"
    if is_airplay(listener):
        return f"{who}, macOS's AirPlay Receiver, on {where}"
    forward = docker_forward(process)
    if forward is not None:
        return f"{who}, a published Docker container port forwarding {where} to {forward}"
    command = process.command
    if len(command) > 160:
        command = command[:157] + "..."
    return f"{who} on {where}: {command}"


def way_out(holders: Sequence[Listener]) -> str:
    """What to do about foreign holders, most specific advice first."""
    for listener in holders:
        if is_airplay(listener):
            return f"switch off {AIRPLAY_OFF}, or move this service to a free port"
        if listener.process is not None and listener.process.name == "docker-proxy":
            return (
                f"stop that container (`docker ps --filter publish={listener.port}`) or publish it on another "
                "port, or move this service to a free port"
            )
    pids = sorted({str(h.process.pid) for h in holders if h.process is not None})
    if pids:
        return f"stop process {', '.join(pids)} if it should not be running, or move this service to a free port"
    return "find the holder (`sudo lsof -nP -iTCP -sTCP:LISTEN`) or move this service to a free port"


def bracket(address: str) -> str:
    return f"[{address}]" if ":" in address else address
