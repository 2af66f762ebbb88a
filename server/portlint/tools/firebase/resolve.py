"""firebase.json emulators → claims: an explicit port is fixed, a default may move by itself."""

from __future__ import annotations

from collections.abc import Iterable

from ...core.facts import FirebaseEmulator
from ...core.model import Claim, Role, Tool

DEFAULT_HOST = "localhost"


def firebase_claims(emulators: Iterable[FirebaseEmulator]) -> list[Claim]:
    claims: list[Claim] = []
    for emulator in emulators:
        if not emulator.enabled:
            continue
        port = emulator.port.as_port() if emulator.port else emulator.default_port
        if port is None:  # an unreadable port; the parser reported it
            continue
        host = emulator.host.text if emulator.host else DEFAULT_HOST
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
                tool=Tool.FIREBASE,
                role=Role.LISTEN,
                host=host,
                port=port,
                explicit=emulator.port is not None,
                location=location,
                origin=origin,
                movable=emulator.movable and emulator.port is None,
                insertion=emulator.port_insertion if emulator.port is None else None,
            )
        )
    return claims
