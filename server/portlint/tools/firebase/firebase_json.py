"""firebase.json → one `FirebaseEmulator` per emulator port written under `emulators`, and one
`FirebaseProject` saying which products have top-level config (which emulators start: `emulators.py`), as
firebase-tools' emulator controller reads them.

Mirrors firebase-tools `controller.ts` (`getListenConfig`: `if (portVal)`, so 0 and "" count as not set;
the firestore websocket and the Data Connect PGlite ports). firebase.json is loaded with `cjson`: comments
are stripped, then the JSON is strict, so a trailing comma stops firebase-tools and is a problem here too.
"""

from __future__ import annotations

import json

from ...core.facts import ParseResult, Token, parse_port
from ...core.model import ZERO_RANGE, ConfigProblem, Insertion, Location
from ...core.text import SourceText
from ...readers.json_insertion import first_member_place, value_replacement
from ...readers.jsonc import JNode, parse_jsonc, scalar_token
from .emulators import DEFAULT_PORTS, EXTRA_PORTS, MOVABLE_BY_DEFAULT, SERVICE_EMULATORS
from .facts import FirebaseEmulator, FirebaseProject

PORT_REASON = "port must be a number from 0 to 65535"


def parse_firebase(path: str, text: str) -> ParseResult:
    model = SourceText(text)
    root, problems = parse_jsonc(path, model, trailing_commas=False)
    return emulators_of(path, model, root, problems)


def emulators_of(path: str, layout: SourceText, root: JNode | None, problems: list[ConfigProblem]) -> ParseResult:
    """The emulator ports of a parsed firebase.json (`layout`: its text, for where a port goes)."""
    result = ParseResult()
    result.problems.extend(problems)
    if root is None or root.kind != "object":
        return result
    emulators = root.get("emulators")
    result.facts.append(_project(path, layout, root, emulators))
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


def _project(path: str, layout: SourceText, root: JNode, emulators: JNode | None) -> FirebaseProject:
    products = tuple((name, node.key) for name, node in root.members() if name in SERVICE_EMULATORS and node.key)
    entries = tuple(
        (name, node.key)
        for name, node in (emulators.members() if emulators is not None else ())
        if name in SERVICE_EMULATORS and node.key
    )
    functions, hosting = root.get("functions"), root.get("hosting")
    ui = emulators.get("ui") if emulators is not None else None
    enabled = ui.get("enabled") if ui is not None else None
    anchor = (emulators.key if emulators is not None else None) or next((key for _, key in products), None)
    return FirebaseProject(
        file=path,
        anchor=anchor or Location(path, ZERO_RANGE),
        products=products,
        entries=entries,
        # normalizeAndValidate refuses a falsy config and an empty array
        functions_valid=functions is not None and (functions.kind == "object" or bool(functions.elements())),
        hosting_set=_truthy(hosting),  # `config.get("hosting")`
        ui_disabled=enabled is not None and enabled.value is False,
        new_entries=_new_entries(root, emulators, layout),
    )


def _truthy(node: JNode | None) -> bool:
    """Whether JavaScript takes the value as true: every object and array, even empty, is."""
    return node is not None and (node.kind in ("object", "array") or bool(node.value))


def _new_entries(root: JNode, emulators: JNode | None, layout: SourceText) -> tuple[tuple[str, Insertion], ...]:
    """Where `"<name>": {"port": N}` goes for each emulator without an entry: first in `emulators`, or in a new
    `emulators` block first in the file."""
    if emulators is None:
        place = first_member_place(root, layout)
        wrap = ('"emulators": {{"{name}": {{"port": ', "}}")
    else:
        place = first_member_place(emulators, layout)
        wrap = ('"{name}": {{"port": ', "}")
    if place is None:
        return ()
    written = {name for name, _ in emulators.members()} if emulators is not None else set()
    return tuple(
        (name, place.insertion(wrap[0].format(name=name), wrap[1]))
        for name in DEFAULT_PORTS
        if name not in written and name != "extensions"
    )


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
