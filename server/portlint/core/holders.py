"""Who a holder is: one of ours or foreign, in words, and the way out when it is in the way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .model import Claim, Listener, Process, Settings
from .paths import is_inside

AIRPLAY_OFF = "System Settings → General → AirDrop & Handoff → AirPlay Receiver"
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


def is_airplay(listener: Listener) -> bool:
    return listener.process is not None and listener.process.name == "ControlCenter" and listener.port in AIRPLAY_PORTS


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
    if is_airplay(listener) or process.name == "docker-proxy":
        return f"{identity(listener)}, on {where}"
    return f"{identity(listener)} on {where}: {clip(process.command, 160)}"


def identity(listener: Listener) -> str:
    """Name, pid and user, plus what a known holder really is; no address (one holder, many addresses)."""
    process = listener.process
    if process is None:
        return "a process portlint may not see (run as an administrator to name it)"
    named = f"{process.name} (pid {process.pid}{', user ' + process.user if process.user else ''})"
    if is_airplay(listener):
        return f"{named}, macOS's AirPlay Receiver"
    forward = docker_forward(process)
    if forward is not None:
        return f"{named}, a published Docker container port forwarding to {forward}"
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
    return f"{name} (pid {process.pid})"


def short_way_out(holders: Sequence[Listener], move: str = "move to a free port") -> str:
    """The way out in a few words, for a message; `way_out` and `airplay_note` give the details."""
    for listener in holders:
        if is_airplay(listener):
            return f"switch off AirPlay Receiver, or {move}"
        if listener.process is not None and listener.process.name == "docker-proxy":
            return f"stop that container, or {move}"
    pids = sorted({h.process.pid for h in holders if h.process is not None})
    if pids:
        return f"stop pid {', '.join(map(str, pids[:3]))}, or {move}"
    return f"find the holder (`sudo lsof -nP -iTCP -sTCP:LISTEN`), or {move}"


def way_out(holders: Sequence[Listener], move: str = "move this service to a free port") -> str:
    """What to do about foreign holders, most specific advice first."""
    for listener in holders:
        if is_airplay(listener):
            return f"switch off {AIRPLAY_OFF}, or {move}"
        if listener.process is not None and listener.process.name == "docker-proxy":
            return (
                f"stop that container (`docker ps --filter publish={listener.port}`) or publish it on another "
                f"port, or {move}"
            )
    pids = sorted({str(h.process.pid) for h in holders if h.process is not None})
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
