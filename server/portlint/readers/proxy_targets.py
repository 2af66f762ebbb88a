"""Dev-server proxy tables → one `ProxyTarget` per proxied context, for every tool whose proxy is
http-proxy underneath (the Angular CLI, Vite, webpack-dev-server, Create React App).

Two shapes exist: `{"/api": {"target": ...}}` (Vite also takes the shorthand `{"/api": "http://..."}`)
and `[{"context": ["/api", "/auth"], "target": ...}]` (webpack-dev-server 5, Angular). A target is a URL
string or, as http-proxy allows, an object `{protocol, host | hostname, port}`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from msgspec import Struct

from ..core.facts import Token, parse_port
from ..core.model import Claim, ConfigProblem, Location, Part, Position, Range, Role
from .jsonc import CODE, JNode, scalar_token, sub_location  # not js_literal: no JavaScript grammar for JSON

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


class ProxyTarget(Struct, frozen=True):
    """One `target` of a proxy table (object or array form)."""

    file: str
    context: str  # "/api" (array form: the contexts joined by ", ")
    url: Token  # the whole target string
    scheme: str
    host: str  # brackets stripped: "::1"
    port: int  # the URL's port, or 80/443 implied by the scheme
    port_location: Location  # the port digits inside the URL; the whole URL when the port is implied
    explicit_port: bool


class ProxyTable(Struct):
    targets: list[ProxyTarget]
    problems: list[ConfigProblem]
    # Top-level keys of the object form that are no proxied path (an option written beside the entries):
    # (key, where it is written).
    stray_keys: list[tuple[str, Location]]


def read_proxy_table(path: str, root: JNode) -> ProxyTable:
    """Every target of a proxy table in either shape; targets that are no literal are skipped quietly."""
    table = ProxyTable([], [], [])
    targets, problems = table.targets, table.problems
    if root.kind == "object" and root.get("target") is not None:
        # One entry for every path, as webpack's dev server reads an object with a `target` of its own.
        _add(path, _contexts(root.get("context")) or "**", root, root.get("target"), targets, problems)
    elif root.kind == "object":
        for context, entry in root.members():
            if _is_stray(context, entry):
                if entry.key is not None:
                    table.stray_keys.append((context, entry.key))
                continue
            _add(path, context, entry if entry.kind == "object" else None, entry, targets, problems)
    elif root.kind == "array":
        for entry in root.elements():
            contexts = _contexts(entry.get("context"))
            if contexts is not None:
                _add(path, contexts, entry, entry.get("target"), targets, problems)
    return table


def _is_stray(context: str, entry: JNode) -> bool:
    """Whether a top-level key is an option written beside the entries rather than a proxied path: an
    http-proxy option's name, or a value that can be no entry (`true`, `30000`)."""
    return context in PROXY_OPTIONS or entry.kind not in ("object", "string", CODE)


def proxy_claim(target: ProxyTarget, service: str, tool: str, written: str) -> Claim:
    """The connect claim of one proxy target, for the dev server whose proxy it is: the port it forwards to,
    at the place the URL names it. `written`: where, in words ('proxy target of "/api" in proxy.conf.json')."""
    how = "" if target.explicit_port else f" (port {target.port} implied by {target.scheme}:)"
    return Claim(
        service=service,
        tool=tool,
        role=Role.CONNECT,
        host=target.host,
        port=target.port,
        explicit=target.explicit_port,
        location=target.port_location,
        origin=f"{written}{how}",
        target=target.url.text,
        part=Part.PROXY,
        host_location=_host_location(target),
    )


def _host_location(target: ProxyTarget) -> Location | None:
    """Where the URL's host (`localhost`, `[::1]`) is written; None unless exactly known: an ASCII string on one
    line whose raw text is its value (no escapes), the port digits at their place in it. The object form
    (`{host, port}`) never passes, its port lying further in than in the URL it stands for."""
    text, url, port = target.url.text, target.url.location.range, target.port_location.range
    if not (target.explicit_port and text.isascii() and url.start.line == url.end.line == port.start.line):
        return None
    netloc = urlsplit(text).netloc
    digits = netloc.rpartition(":")[2]
    host = netloc.rpartition("@")[2][: -len(digits) - 1]
    digits_at = text.find("//") + 2 + len(netloc) - len(digits)
    if url.end.character - url.start.character != len(text) or port.start.character - url.start.character != digits_at:
        return None
    end = port.start.character - 1  # the ":" before the port
    if not host or text[end - url.start.character - len(host) : end - url.start.character] != host:
        return None
    line = port.start.line
    return Location(target.port_location.file, Range(Position(line, end - len(host)), Position(line, end)))


def read_target(path: str, context: str, node: JNode) -> ProxyTarget | ConfigProblem:
    """One target written alone (Create React App's `"proxy": "http://localhost:5000"`)."""
    parsed = _from_url(node) if node.kind == "string" else ConfigProblem(node.location, URL_REASON)
    if isinstance(parsed, ConfigProblem):
        return parsed
    return parsed.fact(path, context)


def _contexts(node: JNode | None) -> str | None:
    """`"context": "/api"` or `["/api", "/auth"]`, joined by ", "; None when not literal strings."""
    if node is None:
        return None
    if node.text is not None:
        return node.text
    names = [element.text for element in node.elements()]
    strings = [name for name in names if name is not None]
    return ", ".join(strings) if strings else None


def _add(
    path: str,
    context: str,
    entry: JNode | None,
    shorthand: JNode | None,
    targets: list[ProxyTarget],
    problems: list[ConfigProblem],
) -> None:
    """One entry: its `target`, or (Vite's shorthand `"/api": "http://..."`) the entry itself."""
    target = entry.get("target") if entry is not None else shorthand
    if target is None or target.kind == CODE:
        return  # no target, or one that is not a literal: nothing to check
    if target.kind == "string":
        parsed = _from_url(target)
    elif target.kind == "object":
        if any(part.kind == CODE for _, part in target.members()):
            return  # a host or port only run time knows
        parsed = _from_object(target)
    else:
        parsed = ConfigProblem(target.location, URL_REASON)
    if isinstance(parsed, ConfigProblem):
        problems.append(parsed)
    else:
        targets.append(parsed.fact(path, context))


class _Target(Struct, frozen=True):
    url: Token
    scheme: str
    host: str
    port: int
    port_location: Location
    explicit: bool

    def fact(self, path: str, context: str) -> ProxyTarget:
        return ProxyTarget(
            file=path,
            context=context,
            url=self.url,
            scheme=self.scheme,
            host=self.host,
            port=self.port,
            port_location=self.port_location,
            explicit_port=self.explicit,
        )


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
