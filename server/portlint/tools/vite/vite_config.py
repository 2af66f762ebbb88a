"""vite.config.{js,mjs,ts,cjs,mts,cts} → one `ViteConfig`: `server.port/host/strictPort/proxy`, `preview.*`.

Vite bundles the config and takes its default export, calling it when it is a function; here the literal
part of it is read (`readers.js_literal`), never run. A value only run time knows (`port:
Number(process.env.PORT)`) is marked computed, so no default is claimed in its place.
"""

from __future__ import annotations

from ...core.facts import ParseResult, Token
from ...core.model import ConfigProblem, TextEdit
from ...core.text import SourceText
from ...readers.js_literal import CODE, read_js_config
from ...readers.js_server import literal_port, opening_brace
from ...readers.json_insertion import first_member_place
from ...readers.jsonc import JNode
from ...readers.proxy_targets import ProxyTarget, read_proxy_table
from .facts import ViteConfig, ViteOptions

PORT_REASON = "port must be a number from 0 to 65535"


def parse_vite_config(path: str, text: str) -> ParseResult:
    result = ParseResult()
    root, problems = read_js_config(path, text, calls_functions=True)
    result.problems.extend(problems)
    if root is None or root.kind != "object":
        return result
    layout = SourceText(text)
    proxies: tuple[ProxyTarget, ...] = ()
    server_node = root.get("server")
    proxy_node = server_node.get("proxy") if server_node is not None else None
    if proxy_node is not None:
        table = read_proxy_table(path, proxy_node)
        targets, target_problems = table.targets, table.problems
        proxies = tuple(targets)
        result.problems.extend(target_problems)
    result.facts.append(
        ViteConfig(
            file=path,
            anchor=opening_brace(root),
            server=_options(root, "server", layout, result.problems),
            preview=_options(root, "preview", layout, result.problems),
            proxies=proxies,
        )
    )
    return result


def _options(root: JNode, name: str, layout: SourceText, problems: list[ConfigProblem]) -> ViteOptions:
    node = root.get(name)
    if node is None:
        place = first_member_place(root, layout)
        if place is None:
            return ViteOptions()
        pin = place.insertion(f"{name}: {{ strictPort: true }}")
        return ViteOptions(
            port_insertion=place.insertion(f"{name}: {{ port: ", " }"),
            strict_pin=TextEdit(pin.location.file, pin.location.range, pin.before + pin.after),
        )
    if node.kind != "object":
        return ViteOptions(computed=("port", "host", "strictPort"), key=node.key)
    computed = tuple(key for key in ("port", "host", "strictPort") if (m := node.get(key)) and m.kind == CODE)
    port_node = node.get("port")
    place = first_member_place(node, layout)
    return ViteOptions(
        port=literal_port(port_node, PORT_REASON, problems),
        host=_flag_or_text(node.get("host"), "host", problems),
        strict_port=_flag(node.get("strictPort"), problems),
        computed=computed,
        key=node.key,
        port_insertion=place.insertion("port: ") if place is not None and port_node is None else None,
        strict_pin=_strict_pin(node, layout),
    )


def _strict_pin(node: JNode, layout: SourceText) -> TextEdit | None:
    """`strictPort: true` over a written `false`, or as a new member; None when it is true or computed."""
    written = node.get("strictPort")
    if written is not None:
        if written.kind == "false":
            return TextEdit(written.location.file, written.location.range, "true")
        return None
    place = first_member_place(node, layout)
    if place is None:
        return None
    pin = place.insertion("strictPort: true")
    return TextEdit(pin.location.file, pin.location.range, pin.before + pin.after)


def _flag(node: JNode | None, problems: list[ConfigProblem]) -> Token | None:
    """`strictPort: true` / `false` as those words."""
    if node is None or node.kind == CODE:
        return None
    if node.kind not in ("true", "false"):
        problems.append(ConfigProblem(node.location, "strictPort must be true or false"))
        return None
    return Token(node.kind, node.location)


def _flag_or_text(node: JNode | None, what: str, problems: list[ConfigProblem]) -> Token | None:
    """A string as written, or `true` / `false` as those words."""
    if node is None or node.kind == CODE:
        return None
    if node.kind in ("true", "false"):
        return Token(node.kind, node.location)
    if node.text is None:
        problems.append(ConfigProblem(node.location, f"{what} must be a string or true/false"))
        return None
    return Token(node.text, node.location)
