"""Which emulators `firebase emulators:start` starts, and their default ports, as firebase-tools decides:
`src/emulator/constants.ts` (DEFAULT_PORTS, FIND_AVAILBLE_PORT_BY_DEFAULT), `types.ts` (ALL_SERVICE_EMULATORS,
EMULATORS_SUPPORTED_BY_UI) and `controller.ts` (filterEmulatorTargets, shouldStart, startAll), read in
firebase-tools 15.34.2. Pure data and rules: no parsing here."""

from __future__ import annotations

from msgspec import Struct

from .facts import FirebaseProject

DEFAULT_PORTS: dict[str, int] = {
    "ui": 4000,
    "hub": 4400,
    "logging": 4500,
    "hosting": 5000,
    "functions": 5001,
    "extensions": 5001,  # runs inside the Functions emulator, on its port
    "apphosting": 5002,
    "firestore": 8080,
    "pubsub": 8085,
    "database": 9000,
    "auth": 9099,
    "storage": 9199,
    "eventarc": 9299,
    "dataconnect": 9399,
    "tasks": 9499,
}

# Emulators that scan upward for a free port when theirs is not configured.
MOVABLE_BY_DEFAULT = frozenset({"ui", "hub", "logging", "hosting", "apphosting", "eventarc", "tasks"})

# Extra ports of one emulator: (emulator, key in its entry, default). Unset, they also move (portFixed false).
EXTRA_PORTS: tuple[tuple[str, str, int], ...] = (
    ("firestore", "websocketPort", 9150),
    ("dataconnect", "postgresPort", 5432),  # PGlite; not started when FIREBASE_DATACONNECT_POSTGRESQL_STRING is set
)

# The products an emulator stands in for: one starts when firebase.json has its top-level config or an
# `emulators.<name>` entry (filterEmulatorTargets), in this order.
SERVICE_EMULATORS = (
    "apphosting",
    "auth",
    "functions",
    "firestore",
    "database",
    "hosting",
    "pubsub",
    "storage",
    "eventarc",
    "dataconnect",
    "tasks",
    "extensions",
)
UI_SUPPORTED = frozenset({"auth", "database", "firestore", "functions", "storage", "extensions"})
# Started by the Functions emulator's backends, never on their own; extensions listen on the functions port.
WITH_FUNCTIONS = ("eventarc", "tasks")

NO_FUNCTIONS = "firebase-tools says 'No valid functions configuration detected in firebase.json'"
NO_HOSTING = "firebase-tools says 'The hosting emulator is configured but there is no hosting configuration'"


class Started(Struct, frozen=True):
    """The emulators that start, in start order, and the entries that do not, with firebase-tools' words."""

    names: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()


def emulators_started(project: FirebaseProject) -> Started:
    """What `firebase emulators:start` (no `--only`) starts for this firebase.json."""
    configured = {name for name, _ in project.products} | {name for name, _ in project.entries}
    targets = [name for name in SERVICE_EMULATORS if name in configured]
    if "functions" in targets and "extensions" not in targets:
        targets.append("extensions")
    if not targets:
        return Started(())  # "No emulators to start": firebase-tools stops before the hub
    names = ["hub", "logging"]  # both always listen (measured with firebase-tools 15.34.2, UI on or off)
    skipped: list[tuple[str, str]] = []
    for name in targets:
        if name == "functions" and not project.functions_valid:
            skipped.append((name, NO_FUNCTIONS))
        elif name == "hosting" and not project.hosting_set:
            skipped.append((name, NO_HOSTING))
        elif name not in WITH_FUNCTIONS and name != "extensions":
            names.append(name)
    if "functions" in names:
        names += WITH_FUNCTIONS
    if not project.ui_disabled and any(name in UI_SUPPORTED for name in targets):
        names.append("ui")
    return Started(tuple(names), tuple(skipped))
