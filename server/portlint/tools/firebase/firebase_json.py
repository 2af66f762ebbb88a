"""firebase.json → one `FirebaseEmulator` per emulator port, as firebase-tools' emulator controller reads it.

Mirrors firebase-tools `src/emulator/constants.ts` (DEFAULT_PORTS, FIND_AVAILBLE_PORT_BY_DEFAULT) and
`controller.ts` (`getListenConfig`: `if (portVal)`, so 0 and "" count as not set; the firestore websocket
and the Data Connect PGlite ports). firebase.json is loaded with `cjson`: comments are stripped, then the
JSON is strict, so a trailing comma stops firebase-tools and is a problem here too.
"""

from __future__ import annotations

import json

from ...core.facts import ParseResult, Token, parse_port
from ...core.model import ConfigProblem, Insertion
from ...core.text import SourceText
from ...readers.json_insertion import first_member_place, value_replacement
from ...readers.jsonc import JNode, parse_jsonc, scalar_token
from .facts import FirebaseEmulator

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

PORT_REASON = "port must be a number from 0 to 65535"


def parse_firebase(path: str, text: str) -> ParseResult:
    model = SourceText(text)
    root, problems = parse_jsonc(path, model, trailing_commas=False)
    return emulators_of(path, model, root, problems)


def emulators_of(path: str, layout: SourceText, root: JNode | None, problems: list[ConfigProblem]) -> ParseResult:
    """The emulator ports of a parsed firebase.json (`layout`: its text, for where a port goes)."""
    result = ParseResult()
    result.problems.extend(problems)
    emulators = root.get("emulators") if root is not None else None
    if emulators is None:
        return result
    functions = emulators.get("functions")
    for name, entry in emulators.members():
        if name not in DEFAULT_PORTS or entry.key is None:
            continue  # singleProjectMode and names firebase-tools does not know
        port_node = entry.get("port")
        insertion = _port_insertion(entry, layout)
        if name == "extensions":
            # Its own port is never read: it listens wherever the Functions emulator does.
            port_node = functions.get("port") if functions is not None else None
            insertion = _port_insertion(functions, layout) if functions is not None else None
            port = _port(port_node, result.problems, report=False)
            host = _host(functions.get("host") if functions is not None else None, result.problems, report=False)
        else:
            port = _port(port_node, result.problems)
            host = _host(entry.get("host"), result.problems)
        enabled = not (name == "ui" and (flag := entry.get("enabled")) is not None and flag.value is False)
        result.facts.append(
            FirebaseEmulator(
                file=path,
                name=name,
                key=entry.key,
                port=port,
                host=host,
                default_port=DEFAULT_PORTS[name],
                movable=name in MOVABLE_BY_DEFAULT and port is None,
                enabled=enabled,
                port_insertion=insertion if port is None else None,
            )
        )
        for owner, extra, default in EXTRA_PORTS:
            if owner == name:
                extra_port = _port(entry.get(extra), result.problems)
                result.facts.append(
                    FirebaseEmulator(
                        file=path,
                        name=f"{name}.{extra}",
                        key=entry.key,
                        port=extra_port,
                        host=host,  # firebase-tools listens on the emulator's host
                        default_port=default,
                        movable=extra_port is None,
                    )
                )
    return result


def _port_insertion(entry: JNode, layout: SourceText) -> Insertion | None:
    """Where `"port": N` goes into an emulator's entry: over a port that sets nothing (`0`, `""`, `null`),
    else as a new first member. None for an entry that is no object (`"hosting": true`)."""
    port_node = entry.get("port")
    if port_node is not None:
        sets_nothing = not port_node.value and port_node.kind in ("number", "string", "null", "false")
        return value_replacement(port_node) if sets_nothing else None
    place = first_member_place(entry, layout)
    return place.insertion('"port": ') if place is not None else None


def _port(node: JNode | None, problems: list[ConfigProblem], *, report: bool = True) -> Token | None:
    """The configured port, or None when firebase-tools sees none (missing, 0, "", false, null).

    An unreadable port is still returned (its `as_port()` is None): it is configured, so nothing moves.
    """
    if node is None or not node.value:  # `if (portVal)` in firebase-tools
        return None
    token = scalar_token(node)
    if token is None or parse_port(token.text) is None:
        if report:
            problems.append(ConfigProblem(node.location, PORT_REASON))
        return token or Token(json.dumps(node.plain(), ensure_ascii=False), node.location)
    return token


def _host(node: JNode | None, problems: list[ConfigProblem], *, report: bool = True) -> Token | None:
    """The configured host, or None for the default ("localhost"); `host || default` in firebase-tools."""
    if node is None or not node.value:
        return None
    if node.kind != "string" or not isinstance(node.value, str):
        if report:
            problems.append(ConfigProblem(node.location, "host must be a string"))
        return None
    return Token(node.value, node.location)
