"""firebase.json emulators → claims for the emulators `firebase emulators:start` really starts (`emulators.py`):
an explicit port is fixed, a default may move by itself."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

from ...core.facts import Invocation, Token
from ...core.model import Claim, Insertion, LocalhostBinds, Location, Part, Pin, Role, Taken, TextEdit, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .emulators import DEFAULT_PORTS, EXTRA_PORTS, MOVABLE_BY_DEFAULT, emulators_started
from .facts import FirebaseEmulator, FirebaseProject

DEFAULT_HOST = "localhost"
# firebase-tools on a taken port: a configured one fails, a default one is moved upward.
FIXED = WhenTaken(Taken.FAILS, "firebase-tools", "Port N is not open on HOST, could not start the emulator")
MOVES = WhenTaken(Taken.MOVES_UP, "firebase-tools", "unable to start on port N, starting on a higher one instead")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    emulators = [f for f in facts if isinstance(f, FirebaseEmulator)]
    claims: list[Claim] = []
    for project in (f for f in facts if isinstance(f, FirebaseProject)):
        ports = _started_ports(project, [e for e in emulators if e.file == project.file])
        claims += firebase_claims(ports, _folder_label(project.file, context.root))
    return claims + serve_claims(f for f in facts if isinstance(f, Invocation) and f.tool == NAME)


def _started_ports(project: FirebaseProject, written: Sequence[FirebaseEmulator]) -> Iterator[FirebaseEmulator]:
    """Every port of every emulator that starts: as written under `emulators`, else the default, pointing at
    the product's key (`"hosting"`), the emulator's entry, or the `emulators` block."""
    by_name = {emulator.name: emulator for emulator in written}
    keys = dict(project.products) | dict(project.entries)
    for name in emulators_started(project).names:
        ports = [(name, DEFAULT_PORTS[name])] + [(f"{o}.{extra}", d) for o, extra, d in EXTRA_PORTS if o == name]
        for port_name, default in ports:
            yield by_name.get(port_name) or _default(project, port_name, default, keys.get(name))


def _default(project: FirebaseProject, name: str, port: int, key: Location | None) -> FirebaseEmulator:
    extra = "." in name
    return FirebaseEmulator(
        file=project.file,
        name=name,
        key=key or project.anchor,
        port=None,
        host=None,
        default_port=port,
        movable=extra or name in MOVABLE_BY_DEFAULT,
        port_insertion=None if extra else project.new_entry(name),
    )


def _folder_label(file: str, root: str) -> str:
    """ " (Node/quickstarts/email-users)" for a firebase.json below the root: each is its own project, so its
    emulators are services of their own (a port switch moves one project's emulator, not a sample's)."""
    folder = os.path.dirname(relative(file, root))
    return f" ({folder})" if folder and folder != "." else ""


def firebase_claims(emulators: Iterable[FirebaseEmulator], label: str = "") -> list[Claim]:
    claims: list[Claim] = []
    for emulator in emulators:
        if not emulator.enabled:
            continue
        port = emulator.port.as_port() if emulator.port else emulator.default_port
        if port is None:  # an unreadable port; the parser reported it
            continue
        claims.append(_claim(emulator, port, emulator.port, emulator.port_insertion, label))
    return claims


def _claim(
    emulator: FirebaseEmulator, port: int, written: Token | None, insertion: Insertion | None, label: str
) -> Claim:
    movable = emulator.movable and written is None
    if written is not None:
        origin = f"firebase.json emulators.{emulator.name} sets port {port}"
        location = written.location
    else:
        moves = "; firebase-tools moves it upward when taken" if emulator.movable else ""
        origin = f"firebase-tools default port of the {emulator.name} emulator (none set){moves}"
        location = emulator.key
    return Claim(
        service=f"firebase {emulator.name} emulator{label}",
        tool=NAME,
        role=Role.LISTEN,
        host=emulator.host.text if emulator.host else DEFAULT_HOST,
        port=port,
        explicit=written is not None,
        location=location,
        origin=origin,
        part=Part.EMULATOR,
        localhost_binds=LocalhostBinds.EVERY_RESOLVED,  # firebase-tools listens on every address
        when_taken=MOVES if movable else FIXED,
        insertion=insertion if written is None else None,
        pin=_pin(emulator.name, insertion, port) if movable else None,
    )


def _pin(name: str, insertion: Insertion | None, port: int) -> Pin | None:
    """A written `"port"` is fixed: firebase-tools then fails on a taken port instead of moving."""
    if insertion is None:
        return None
    where = insertion.location
    edit = TextEdit(where.file, where.range, insertion.text(port), insertion.create_file)
    return Pin(f'Set "port": {port} for the {name} emulator in firebase.json', (edit,))


def serve_claims(invocations: Iterable[Invocation]) -> list[Claim]:
    """`firebase serve --port N` serves hosting on N."""
    claims = []
    for invocation in invocations:
        port = invocation.port.as_port() if invocation.port else None
        if invocation.port is None or port is None:
            continue
        claims.append(
            Claim(
                service="firebase hosting emulator",
                tool=NAME,
                role=Role.LISTEN,
                host=invocation.host.text if invocation.host else "localhost",
                port=port,
                explicit=True,
                location=invocation.port.location,
                origin=f"--port in {invocation.where}",
                part=Part.EMULATOR,
                localhost_binds=LocalhostBinds.EVERY_RESOLVED,
                when_taken=FIXED,
                together=invocation.together,
            )
        )
    return claims
