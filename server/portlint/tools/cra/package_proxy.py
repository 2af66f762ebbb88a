"""package.json `"proxy": "http://localhost:5000"`: the dev server forwards every request that is not for a
page or an asset there."""

from __future__ import annotations

from ...core.facts import ParseResult
from ...core.model import ConfigProblem
from ...readers.jsonc import JNode
from ...readers.proxy_targets import read_target
from .facts import CraProxy


def read_proxy_field(path: str, node: JNode) -> ParseResult:
    if node.kind != "string":
        reason = 'When specified, "proxy" in package.json must be a string.'  # react-scripts' own words
        return ParseResult(problems=[ConfigProblem(node.location, reason)])
    target = read_target(path, "proxy", node)
    if isinstance(target, ConfigProblem):
        return ParseResult(problems=[target])
    return ParseResult(facts=[CraProxy(target)])
