"""What firebase.json and the Cloud Functions source say, before precedence: emulator ports, hosting headers,
function rewrites and the functions' middleware."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Token
from ...core.model import Insertion, Location


@dataclass(frozen=True)
class FirebaseEmulator:
    """One port of one emulator named under `emulators` in firebase.json."""

    file: str
    name: str  # "hosting", "ui", "firestore", ...; extra ports as "firestore.websocketPort"
    key: Location  # the emulator's key, which implies the default when no port is written
    port: Token | None
    host: Token | None
    default_port: int
    movable: bool  # firebase-tools scans upward when this emulator's port is not configured
    enabled: bool = True  # `ui.enabled: false`
    # Where `"port": N` goes into this emulator's entry when it has none (None for extra ports).
    port_insertion: Insertion | None = None


@dataclass(frozen=True)
class HostingHeaderRule:
    """A `hosting.headers` entry adding Access-Control-Allow-Origin on a source glob."""

    file: str
    source: str
    value: str
    location: Location  # the header's "key" string


@dataclass(frozen=True)
class HostingFunctionRewrite:
    """A `hosting.rewrites` entry sending a source glob to a Cloud Function."""

    file: str
    source: str
    function: str
    location: Location
    # The functions' entry files firebase-tools may load, absolute, in the order they are tried; the first
    # one that exists is read as a referenced file (its `FunctionExports`).
    entry_files: tuple[str, ...]


@dataclass(frozen=True)
class FunctionExports:
    """The functions a Cloud Functions source file exports, each with where it applies a CORS middleware."""

    file: str
    cors: tuple[tuple[str, Location | None], ...]  # (exported name, the middleware's place or None)

    def middleware(self, function: str) -> Location | None:
        return next((where for name, where in self.cors if name == function), None)
