"""A JavaScript config's dev-server block, read from `js_literal`'s nodes: Astro's and Vite's `server`, Nuxt's
and webpack's `devServer` (`{ port, host }`). A value only run time knows (a `"code"` node) is no token: it
is set, so no default may be claimed in its place."""

from __future__ import annotations

from collections.abc import Collection

from msgspec import Struct

from ..core.facts import Token, parse_port
from ..core.model import ConfigProblem, Location, Position, Range
from .js_literal import CODE
from .jsonc import JNode, scalar_token


def opening_brace(root: JNode) -> Location:
    """The config object's `{`: where a claim points when the config writes no block of its own."""
    start = root.location.range.start
    return Location(root.location.file, Range(start, Position(start.line, start.character + 1)))


def literal_port(
    node: JNode | None, reason: str, problems: list[ConfigProblem], *, words: Collection[str] = ()
) -> Token | None:
    """The port as written (a number, a string of one, or one of the tool's `words`: webpack's "auto"); None
    when unset or computed. An unreadable literal is reported with `reason` and left out."""
    if node is None or node.kind == CODE:
        return None
    token = scalar_token(node)
    if token is None or (token.text not in words and parse_port(token.text) is None):
        problems.append(ConfigProblem(node.location, reason))
        return None
    return token


def literal_host(node: JNode | None, *, flags: bool) -> Token | None:
    """A host string as written, or with `flags` (the tool takes them) `true` / `false` as those words; None
    for anything else (unset, empty, computed)."""
    if node is None:
        return None
    if flags and node.kind in ("true", "false"):
        return Token(node.kind, node.location)
    return Token(node.text, node.location) if node.text else None


class ServerBlock(Struct, frozen=True):
    """What a config's block says: where it is, the port and host written in it."""

    anchor: Location  # the block's key, else the config object's `{`
    port: Token | None = None
    host: Token | None = None
    computed: bool = False  # the block, or the port in it, is a value only run time knows


def read_server_block(
    root: JNode | None, name: str, problems: list[ConfigProblem], *, host_flags: bool
) -> ServerBlock | None:
    """The block `name` of a config object (`server`, `devServer`); None when the config is no object.
    An unreadable port is reported into `problems` as `name.port`'s."""
    if root is None or root.kind != "object":
        return None
    anchor = opening_brace(root)
    block = root.get(name)
    if block is None or block.kind != "object":
        return ServerBlock(block.key or anchor if block else anchor, computed=block is not None)
    port_node = block.get("port")
    port = literal_port(port_node, f"{name}.port must be a number from 0 to 65535", problems)
    host = literal_host(block.get("host"), flags=host_flags)
    return ServerBlock(block.key or anchor, port, host, port_node is not None and port_node.kind == CODE)
