"""Angular dev-server proxy configs → one `ProxyTarget` per proxied context.

`.json` is read as JSONC (as the Angular CLI does, with `jsonc-parser`); any other extension is a
JavaScript module the CLI would import, read statically by `proxy_js`. Two shapes exist:
`{"/api": {"target": ...}}` and `[{"context": ["/api", "/auth"], "target": ...}]`. A target is a URL
string or, as http-proxy allows, an object `{protocol, host | hostname, port}`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...core.facts import ParseResult, Token, parse_port
from ...core.model import ConfigProblem, Location
from ...readers.js_literal import read_js_config
from ...readers.jsonc import JNode, parse_jsonc, scalar_token, sub_location
from .facts import ProxyStrayKey, ProxyTarget

DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
URL_REASON = "target must be a URL such as http://localhost:5000"
# The options of one proxy entry (http-proxy-middleware and the dev servers' own): as a top-level key of the
# object form, one of these is an entry option written in the wrong place, not a path.
PROXY_OPTIONS = frozenset(
    {
        "target", "changeOrigin", "secure", "pathRewrite", "logLevel", "logger", "ws", "headers", "bypass",
        "router", "cookieDomainRewrite", "cookiePathRewrite", "proxyTimeout", "timeout", "xfwd",
        "followRedirects", "autoRewrite", "protocolRewrite", "hostRewrite", "context", "agent", "auth",
        "onProxyReq", "onProxyRes", "onError", "configure", "rewrite", "prependPath", "ignorePath",
        "preserveHeaderKeyCase", "selfHandleResponse",
    }
)  # fmt: skip


def parse_proxy(path: str, text: str) -> ParseResult:
    result = ParseResult()
    if os.path.splitext(path)[1].lower() == ".json":
        root, problems = parse_jsonc(path, text)
    else:
        root, problems = read_js_config(path, text)
    result.problems.extend(problems)
    if root is None:
        return result
    if root.kind == "object" and root.get("target") is not None:
        # One entry for every path, as webpack's dev server reads an object with a `target` of its own.
        _add(path, _contexts(root.get("context")) or "**", root, root.get("target"), result)
    elif root.kind == "object":
        for context, entry in root.members():
            if _is_stray(context, entry):
                if entry.key is not None:
                    result.facts.append(ProxyStrayKey(path, context, entry.key))
                continue
            _add(path, context, entry if entry.kind == "object" else None, entry, result)
    elif root.kind == "array":
        for entry in root.elements():
            contexts = _contexts(entry.get("context"))
            if contexts is not None:
                _add(path, contexts, entry, entry.get("target"), result)
    return result


def _is_stray(context: str, entry: JNode) -> bool:
    """Whether a top-level key is an option written beside the entries rather than a proxied path: an
    http-proxy option's name, or a value that can be no entry (`true`, `30000`)."""
    return context in PROXY_OPTIONS or entry.kind not in ("object", "string")


def _contexts(node: JNode | None) -> str | None:
    """`"context": "/api"` or `["/api", "/auth"]`, joined by ", "; None when not literal strings."""
    if node is None:
        return None
    if node.text is not None:
        return node.text
    names = [element.text for element in node.elements()]
    strings = [name for name in names if name is not None]
    return ", ".join(strings) if strings else None


def _add(path: str, context: str, entry: JNode | None, shorthand: JNode | None, result: ParseResult) -> None:
    """One entry: its `target`, or (Vite's shorthand `"/api": "http://..."`) the entry itself."""
    target = entry.get("target") if entry is not None else shorthand
    if target is None:
        return  # no target, or one that is not a literal: nothing to check
    if target.kind == "string":
        parsed = _from_url(target)
    elif target.kind == "object":
        parsed = _from_object(target)
    else:
        parsed = ConfigProblem(target.location, URL_REASON)
    if isinstance(parsed, ConfigProblem):
        result.problems.append(parsed)
        return
    result.facts.append(
        ProxyTarget(
            file=path,
            context=context,
            url=parsed.url,
            scheme=parsed.scheme,
            host=parsed.host,
            port=parsed.port,
            port_location=parsed.port_location,
            explicit_port=parsed.explicit,
        )
    )


@dataclass(frozen=True)
class _Target:
    url: Token
    scheme: str
    host: str
    port: int
    port_location: Location
    explicit: bool


def _from_url(node: JNode) -> _Target | ConfigProblem:
    """A target URL string, or why http-proxy could not use it."""
    url = node.text or ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ConfigProblem(node.location, f"{URL_REASON}; its port must be a number from 0 to 65535")
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ConfigProblem(node.location, URL_REASON)
    token = Token(url, node.location)
    if port is None:
        return _Target(token, scheme, parts.hostname, DEFAULT_PORTS[scheme], node.location, False)
    # The port digits close the netloc, which follows the first "//".
    netloc_end = url.find("//") + 2 + len(parts.netloc)
    digits = parts.netloc.rpartition(":")[2]
    location = sub_location(node, netloc_end - len(digits), netloc_end)
    return _Target(token, scheme, parts.hostname, port, location, True)


def _from_object(node: JNode) -> _Target | ConfigProblem:
    """`{protocol: "http:", host: "localhost", port: 5000}`, as http-proxy's `target` object."""
    protocol = node.get("protocol")
    scheme = (protocol.text if protocol is not None and protocol.text else "http:").rstrip(":").lower()
    host_node = node.get("hostname") or node.get("host")
    if scheme not in DEFAULT_PORTS or host_node is None or not host_node.text:
        return ConfigProblem(node.location, "a target object needs a host and an http: or https: protocol")
    host = host_node.text.strip("[]")
    port_node = node.get("port")
    token = scalar_token(port_node)
    port = parse_port(token.text) if token is not None else None
    if port_node is not None and port is None:
        return ConfigProblem(port_node.location, "port must be a number from 0 to 65535")
    shown_host = f"[{host}]" if ":" in host else host
    if port is None or port_node is None:
        url = Token(f"{scheme}://{shown_host}", node.location)
        return _Target(url, scheme, host, DEFAULT_PORTS[scheme], node.location, False)
    url = Token(f"{scheme}://{shown_host}:{port}", node.location)
    return _Target(url, scheme, host, port, port_node.location, True)
