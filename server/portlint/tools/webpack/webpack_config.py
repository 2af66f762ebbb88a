"""webpack.config.* → a `WebpackDevServer` for the first configuration with a `devServer` block.

webpack-cli loads the module and takes its export (an object, an array of them, or a function it calls
with `(env, argv)`); read statically here (`readers.js_literal`), never run. `merge(common, {...})` counts
with the part the file adds. The proxy is webpack-dev-server 5's array (`[{ context, target }]`) or the
older object form.
"""

from __future__ import annotations

from ...core.facts import ParseResult
from ...core.text import SourceText
from ...readers.js_literal import CODE, read_js_config
from ...readers.js_server import literal_host, literal_port
from ...readers.json_insertion import first_member_place, value_replacement
from ...readers.proxy_targets import ProxyTarget, read_proxy_table
from .facts import WebpackDevServer

PORT_REASON = 'devServer.port must be a number from 0 to 65535 or "auto"'


def parse_webpack_config(path: str, text: str) -> ParseResult:
    result = ParseResult()
    root, problems = read_js_config(path, text, calls_functions=True)
    result.problems.extend(problems)
    configs = [root] if root is not None and root.kind == "object" else root.elements() if root else []
    dev_server = next((c.get("devServer") for c in configs if c.get("devServer") is not None), None)
    if dev_server is None or dev_server.key is None:
        return result
    if dev_server.kind != "object":
        result.facts.append(WebpackDevServer(path, dev_server.key, None, None, computed=("port", "host")))
        return result
    port_node = dev_server.get("port")
    computed = tuple(k for k in ("port", "host") if (m := dev_server.get(k)) is not None and m.kind == CODE)
    place = first_member_place(dev_server, SourceText(text)) if port_node is None else None
    insertion = place.insertion("port: ") if place is not None else None
    if port_node is not None and port_node.text == "auto":
        insertion = value_replacement(port_node)  # `port: 'auto'` → `port: N`
    proxies: tuple[ProxyTarget, ...] = ()
    if (proxy := dev_server.get("proxy")) is not None:
        table = read_proxy_table(path, proxy)
        targets, target_problems = table.targets, table.problems
        proxies = tuple(targets)
        result.problems.extend(target_problems)
    result.facts.append(
        WebpackDevServer(
            file=path,
            key=dev_server.key,
            port=literal_port(port_node, PORT_REASON, result.problems, words=("auto",)),
            host=literal_host(dev_server.get("host"), flags=False),
            computed=computed,
            port_insertion=insertion,
            proxies=proxies,
        )
    )
    return result
