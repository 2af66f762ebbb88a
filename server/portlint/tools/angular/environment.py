"""src/environments/environment*.ts → one `EnvironmentUrl` per local URL with a port in
`export const environment = {...}` (`apiUrl: 'http://localhost:5000/api'`): what the browser calls; and one
`ClientValue` per string member, for the calls whose URLs the app's services build from them."""

from __future__ import annotations

from urllib.parse import urlsplit

from ...core.addresses import is_local_target
from ...core.cors.calls import ClientValue
from ...core.facts import ParseResult
from ...readers.js_literal import read_js_config
from ...readers.jsonc import JNode, sub_location
from .facts import EnvironmentUrl

_SCHEMES = ("http", "https", "ws", "wss")


def parse_environment(path: str, text: str) -> ParseResult:
    root, problems = read_js_config(path, text, name="environment")
    result = ParseResult(problems=problems)
    if root is not None:
        _collect(path, root, "environment", result)
    return result


def _collect(path: str, node: JNode, key: str, result: ParseResult) -> None:
    if node.kind == "object":
        for name, member in node.members():
            _collect(path, member, f"{key}.{name}", result)
        return
    url = node.text
    if url is None:
        return
    result.facts.append(ClientValue(path, key, url))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return
    if parts.scheme not in _SCHEMES or port is None or not parts.hostname or not is_local_target(parts.hostname):
        return
    netloc_end = url.find("//") + 2 + len(parts.netloc)
    location = sub_location(node, netloc_end - len(str(port)), netloc_end)
    result.facts.append(EnvironmentUrl(path, key, url, parts.hostname, port, location))
