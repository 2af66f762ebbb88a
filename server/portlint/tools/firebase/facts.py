"""What firebase.json and the Cloud Functions source say, before precedence: emulator ports, hosting headers,
function rewrites and the functions' middleware."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Token
from ...core.model import Insertion, Location


class FirebaseEmulator(Struct, frozen=True):
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


class FirebaseProject(Struct, frozen=True):
    """What firebase.json says about which emulators `firebase emulators:start` starts: the products with
    top-level config, the checks firebase-tools makes on them, and where a new emulator entry goes."""

    file: str
    anchor: Location  # where a claim points when neither an entry nor a product key names its emulator
    products: tuple[tuple[str, Location], ...]  # top-level keys of emulated products, with the key's place
    entries: tuple[tuple[str, Location], ...]  # `emulators.<name>` entries of emulated products
    functions_valid: bool  # a `functions` config firebase-tools accepts (an object, a non-empty array)
    hosting_set: bool  # a `hosting` config that is not empty (null, false, "")
    ui_disabled: bool  # `emulators.ui.enabled` is false
    # Where `"<name>": {"port": N}` goes for an emulator that has no entry yet (in `emulators`, or in a new
    # `emulators` block), by emulator name.
    new_entries: tuple[tuple[str, Insertion], ...] = ()

    def new_entry(self, name: str) -> Insertion | None:
        return next((insertion for entry, insertion in self.new_entries if entry == name), None)


class HostingHeaderRule(Struct, frozen=True):
    """A `hosting.headers` entry adding Access-Control-Allow-Origin on a source glob."""

    file: str
    source: str
    value: str
    location: Location  # the header's "key" string


class HostingFunctionRewrite(Struct, frozen=True):
    """A `hosting.rewrites` entry sending a source glob to a Cloud Function."""

    file: str
    source: str
    function: str
    location: Location
    # The functions' entry files firebase-tools may load, absolute, in the order they are tried; the first
    # one that exists is read as a referenced file (its `FunctionExports`).
    entry_files: tuple[str, ...]


class FunctionExports(Struct, frozen=True):
    """The functions a Cloud Functions source file exports, each with where it applies a CORS middleware."""

    file: str
    cors: tuple[tuple[str, Location | None], ...]  # (exported name, the middleware's place or None)

    def middleware(self, function: str) -> Location | None:
        return next((where for name, where in self.cors if name == function), None)
