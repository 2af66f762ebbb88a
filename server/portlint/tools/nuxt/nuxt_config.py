"""nuxt.config.* → a `NuxtConfig`: `defineNuxtConfig({ devServer: { port, host } })`, read statically."""

from __future__ import annotations

from ...core.facts import ParseResult, Token, parse_port
from ...core.model import ConfigProblem, Location, Position, Range
from ...readers.js_literal import CODE, read_js_config
from ...readers.jsonc import scalar_token
from .facts import NuxtConfig


def parse_nuxt_config(path: str, text: str) -> ParseResult:
    result = ParseResult()
    root, problems = read_js_config(path, text)
    result.problems.extend(problems)
    if root is None or root.kind != "object":
        return result
    start = root.location.range.start
    anchor = Location(path, Range(start, Position(start.line, start.character + 1)))
    dev = root.get("devServer")
    if dev is None or dev.kind != "object":
        result.facts.append(NuxtConfig(path, dev.key or anchor if dev else anchor, computed=dev is not None))
        return result
    port_node, host_node = dev.get("port"), dev.get("host")
    port = scalar_token(port_node) if port_node is not None and port_node.kind != CODE else None
    if port_node is not None and port_node.kind != CODE and (port is None or parse_port(port.text) is None):
        result.problems.append(ConfigProblem(port_node.location, "devServer.port must be a number from 0 to 65535"))
        port = None
    host = Token(host_node.text, host_node.location) if host_node is not None and host_node.text else None
    computed = port_node is not None and port_node.kind == CODE
    result.facts.append(NuxtConfig(path, dev.key or anchor, port, host, computed))
    return result
