"""astro.config.* → an `AstroConfig`: `defineConfig({ server: { port, host } })`, read statically (Nuxt's
fact shape: a config file, its anchor, a port and a host)."""

from __future__ import annotations

from ...core.facts import ParseResult, Token, parse_port
from ...core.model import ConfigProblem, Location, Position, Range
from ...readers.js_literal import CODE, read_js_config
from ...readers.jsonc import scalar_token
from .facts import AstroConfig


def parse_astro_config(path: str, text: str) -> ParseResult:
    result = ParseResult()
    root, problems = read_js_config(path, text, calls_functions=True)
    result.problems.extend(problems)
    if root is None or root.kind != "object":
        return result
    start = root.location.range.start
    anchor = Location(path, Range(start, Position(start.line, start.character + 1)))
    server = root.get("server")
    if server is None or server.kind != "object":
        result.facts.append(AstroConfig(path, server.key or anchor if server else anchor, computed=server is not None))
        return result
    port_node, host_node = server.get("port"), server.get("host")
    port = scalar_token(port_node) if port_node is not None and port_node.kind != CODE else None
    if port_node is not None and port_node.kind != CODE and (port is None or parse_port(port.text) is None):
        result.problems.append(ConfigProblem(port_node.location, "server.port must be a number from 0 to 65535"))
        port = None
    host: Token | None = None
    if host_node is not None and host_node.kind in ("true", "false"):
        host = Token(host_node.kind, host_node.location)
    elif host_node is not None and host_node.text:
        host = Token(host_node.text, host_node.location)
    computed = port_node is not None and port_node.kind == CODE
    result.facts.append(AstroConfig(path, server.key or anchor, port, host, computed))
    return result
