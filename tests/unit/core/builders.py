"""Small builders for pure core tests: claims and snapshots as data."""

from __future__ import annotations

from portlint.core.model import (
    FAILS,
    Claim,
    Listener,
    LocalhostBinds,
    Location,
    Part,
    Process,
    Range,
    Role,
    Snapshot,
    Socket,
    WhenTaken,
)
from portlint.tools.angular.resolve import WHEN_TAKEN as ANGULAR_WHEN_TAKEN
from portlint.tools.firebase.resolve import FIXED, MOVES
from portlint.tools.flask.resolve import WHEN_TAKEN as FLASK_WHEN_TAKEN

# Each tool's quirks, as its resolver sets them: (part, localhost binds, when taken, when taken if movable).
QUIRKS: dict[str, tuple[Part, LocalhostBinds, WhenTaken, WhenTaken]] = {
    "flask": (Part.BACKEND, LocalhostBinds.IPV4_LOOPBACK, FLASK_WHEN_TAKEN, FLASK_WHEN_TAKEN),
    "angular": (Part.FRONTEND, LocalhostBinds.FIRST_RESOLVED, ANGULAR_WHEN_TAKEN, ANGULAR_WHEN_TAKEN),
    "firebase": (Part.EMULATOR, LocalhostBinds.EVERY_RESOLVED, FIXED, MOVES),
}

ROOT = "/work/project"


def claim(
    port: int,
    *,
    service: str = "flask backend/app.py",
    tool: str = "flask",
    role: Role = Role.LISTEN,
    host: str = "127.0.0.1",
    line: int = 0,
    file: str = "backend/.flaskenv",
    movable: bool = False,
    explicit: bool = True,
    target: str | None = None,
    project: str = "",  # a folder under ROOT; by default every claim is of the one project ROOT (one stack)
) -> Claim:
    part, binds, fixed, moves = QUIRKS[tool]
    if role is Role.CONNECT:
        part, when_taken = Part.PROXY, FAILS
    else:
        when_taken = moves if movable else fixed
    return Claim(
        service=service,
        tool=tool,
        role=role,
        host=host,
        port=port,
        explicit=explicit,
        location=Location(f"{ROOT}/{file}", Range.of(line, 0, line, 4)),
        origin=f"test claim on line {line}",
        part=part,
        localhost_binds=binds,
        when_taken=when_taken,
        target=target,
        project=f"{ROOT}/{project}" if project else ROOT,
    )


def process(pid: int, name: str, *, cwd: str = "/", cmdline: tuple[str, ...] = (), ppid: int = 1) -> Process:
    return Process(pid=pid, name=name, ppid=ppid, cmdline=cmdline or (name,), cwd=cwd, user="dev")


def listener(address: str, port: int, proc: Process | None) -> Listener:
    return Listener(Socket(address, port, 6 if ":" in address else 4), proc)


def snapshot(*listeners: Listener, localhost_order: tuple[str, ...] = ("::1", "127.0.0.1")) -> Snapshot:
    return Snapshot(listeners=listeners, platform="darwin", localhost_order=localhost_order)


AIRPLAY = process(
    412, "ControlCenter", cmdline=("/System/Library/CoreServices/ControlCenter.app/Contents/MacOS/ControlCenter",)
)
FLASK = process(900, "python3", cwd=f"{ROOT}/backend", cmdline=("python3", "-m", "flask", "run"))
