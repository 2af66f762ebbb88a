"""devcontainer.json (JSON with comments) → its `forwardPorts` and `appPort`, each port located."""

from __future__ import annotations

from ...core.facts import ParseResult, Token
from ...readers.jsonc import JNode, parse_jsonc, scalar_token, sub_location
from .facts import DevContainer


def parse_devcontainer(path: str, text: str) -> ParseResult:
    root, problems = parse_jsonc(path, text)
    if root is None:
        return ParseResult(problems=problems)
    name = root.get("name")
    return ParseResult(
        facts=[
            DevContainer(
                path,
                name.text if name is not None else None,
                tuple(_ports(root.get("forwardPorts"))),
                tuple(_ports(root.get("appPort"))),
            )
        ],
        problems=problems,
    )


def _ports(node: JNode | None) -> list[Token]:
    """Each entry's port: a number, `"3000"`, `"db:5432"` (forwardPorts: the port after the host),
    `"8080:80"` (appPort: the host port before the container's)."""
    entries = node.elements() if node is not None and node.kind == "array" else [node] if node is not None else []
    found = []
    for entry in entries:
        token = scalar_token(entry)
        if token is None:
            continue
        if entry.kind == "string" and ":" in token.text:
            host, _, port = token.text.partition(":")
            if port.isdigit() and host.isdigit():  # appPort "8080:80": the host's port comes first
                token = Token(host, sub_location(entry, 0, len(host)))
            else:  # forwardPorts "db:5432": another container's port, forwarded to the same local port
                token = Token(port, sub_location(entry, len(host) + 1, len(token.text)))
        found.append(token)
    return found
