"""nuxt.config.* → a `NuxtConfig`: `defineNuxtConfig({ devServer: { port, host } })`, read statically."""

from __future__ import annotations

from ...core.facts import ParseResult
from ...readers.js_literal import read_js_config
from ...readers.js_server import read_server_block
from .facts import NuxtConfig


def parse_nuxt_config(path: str, text: str) -> ParseResult:
    root, problems = read_js_config(path, text)
    block = read_server_block(root, "devServer", problems, host_flags=False)
    if block is None:
        return ParseResult(problems=problems)
    return ParseResult(
        facts=[NuxtConfig(path, block.anchor, block.port, block.host, block.computed)], problems=problems
    )
