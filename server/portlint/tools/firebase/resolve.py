"""firebase.json emulators → claims: an explicit port is fixed, a default may move by itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...core.facts import Invocation
from ...core.model import Claim, Insertion, LocalhostBinds, Part, Pin, Role, Taken, TextEdit, WhenTaken
from ..base import ResolveContext
from . import NAME
from .facts import FirebaseEmulator

DEFAULT_HOST = "localhost"
# firebase-tools on a taken port: a configured one fails, a default one is moved upward.
FIXED = WhenTaken(Taken.FAILS, "firebase-tools", "Port N is not open on HOST, could not start the emulator")
MOVES = WhenTaken(Taken.MOVES_UP, "firebase-tools", "unable to start on port N, starting on a higher one instead")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims = firebase_claims(f for f in facts if isinstance(f, FirebaseEmulator))
    return claims + serve_claims(f for f in facts if isinstance(f, Invocation) and f.tool == NAME)


def firebase_claims(emulators: Iterable[FirebaseEmulator]) -> list[Claim]:
    claims: list[Claim] = []
    for emulator in emulators:
        if not emulator.enabled:
            continue
        port = emulator.port.as_port() if emulator.port else emulator.default_port
        if port is None:  # an unreadable port; the parser reported it
            continue
        host = emulator.host.text if emulator.host else DEFAULT_HOST
        movable = emulator.movable and emulator.port is None
        if emulator.port is not None:
            origin = f"firebase.json emulators.{emulator.name} sets port {port}"
            location = emulator.port.location
        else:
            moves = "; firebase-tools moves it upward when taken" if emulator.movable else ""
            origin = f"firebase-tools default port of the {emulator.name} emulator (none set){moves}"
            location = emulator.key
        claims.append(
            Claim(
                service=f"firebase {emulator.name} emulator",
                tool=NAME,
                role=Role.LISTEN,
                host=host,
                port=port,
                explicit=emulator.port is not None,
                location=location,
                origin=origin,
                part=Part.EMULATOR,
                localhost_binds=LocalhostBinds.EVERY_RESOLVED,  # firebase-tools listens on every address
                when_taken=MOVES if movable else FIXED,
                insertion=emulator.port_insertion if emulator.port is None else None,
                pin=_pin(emulator.name, emulator.port_insertion, port) if movable else None,
            )
        )
    return claims


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
            )
        )
    return claims
