"""astro.config.* → an `AstroConfig`: `defineConfig({ server: { port, host } })`, read statically (Nuxt's
fact shape: a config file, its anchor, a port and a host)."""

from __future__ import annotations

from ...core.facts import ParseResult
from ...readers.js_literal import read_js_config
from ...readers.js_server import read_server_block
from .facts import AstroConfig


def parse_astro_config(path: str, text: str) -> ParseResult:
    root, problems = read_js_config(path, text, calls_functions=True)
    block = read_server_block(root, "server", problems, host_flags=True)
    if block is None:
        return ParseResult(problems=problems)
    return ParseResult(
        facts=[AstroConfig(path, block.anchor, block.port, block.host, block.computed)], problems=problems
    )
