"""A front end's source → one `BrowserCall` per HTTP request its code makes with `fetch(...)`, Angular's
`HttpClient` (`this.http.post(url, body, {withCredentials: true})`) or axios (`axios.get(...)`, an instance
of `axios.create({baseURL, withCredentials})` in the same file). Parsed, never run.

What each client sends, as their sources do: `fetch` adds no Content-Type of its own (a string body is
`text/plain`, safelisted), so only the headers written count; HttpClient and axios send an object body as
JSON (`Content-Type: application/json`, not safelisted), a FormData / URLSearchParams body as a safelisted
type, a string as `text/plain` (HttpClient) or form-urlencoded (axios). Headers and bodies that are not
literals are left out: a request is never judged stricter than the code says.
"""

from __future__ import annotations

import os
import re

from tree_sitter import Node

from ..core.cors.calls import RUN_TIME, BrowserCall, UrlTemplate
from ..core.facts import ParseResult
from .js_source import SPREAD, JsSource, joined
from .js_text import unwrap

_HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
_WITH_BODY = ("post", "put", "patch")
# Request headers a page may send cross-origin without a preflight (Fetch: CORS-safelisted request-header).
_SAFELISTED = frozenset({"accept", "accept-language", "content-language"})
_SAFE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
_SAFE_BODIES = ("FormData", "URLSearchParams", "HttpParams", "Blob")  # `new X(...)`: no JSON Content-Type
_ABSOLUTE = re.compile(r"(?:[a-z][a-z\d+\-.]*:)?//", re.IGNORECASE)  # axios's isAbsoluteURL


def parse_api_module(path: str, text: str) -> ParseResult:
    """`src/api.js` (a Node entry file's name): its calls, only for a module named `api`."""
    if os.path.basename(path).partition(".")[0] != "api":
        return ParseResult()
    return parse_browser_calls(path, text)


def parse_browser_calls(path: str, text: str) -> ParseResult:
    """Never raises; a file tree-sitter cannot fully parse is read as far as it can be (quiet kind)."""
    return ParseResult(facts=list(_Calls(JsSource(path, text)).read()))


class _Calls:
    def __init__(self, source: JsSource) -> None:
        self.source = source
        self.typed = self._typed_parameters()
        self.http_names = self._http_clients()
        self.axios: dict[str, Node | None] = {"axios": None}  # axios and its instances → their config
        for name, value in source.declared.items():
            value = unwrap(value)
            if value.type == "call_expression" and self._callee(value) == "axios.create":
                arguments = source.arguments(value)
                self.axios[name] = arguments[0] if arguments else None

    def read(self) -> list[BrowserCall]:
        calls: list[BrowserCall] = []
        for node in self.source.nodes:
            if node.type != "call_expression":
                continue
            callee = self._callee(node)
            found = self._fetch(node) if callee in ("fetch", "window.fetch", "globalThis.fetch") else None
            owner, _, method = callee.rpartition(".")
            if owner in self.http_names and method in (*_HTTP_METHODS, "request"):
                found = self._http_client(node, method)
            elif callee in self.axios or (owner in self.axios and method in (*_HTTP_METHODS, "request")):
                found = self._axios(node, owner or callee, method if owner else "")
            if found is not None:
                calls.append(found)
        return calls

    def _callee(self, call: Node) -> str:
        function = call.child_by_field_name("function")
        return self.source.compact(function) if function is not None else ""

    def _http_clients(self) -> set[str]:
        """`this.http` for a constructor parameter `private http: HttpClient` or a field `= inject(HttpClient)`."""
        names = {f"this.{name}" for name, kind in self.typed.items() if kind == "HttpClient"}
        for name, value in self.source.fields.items():
            if self.source.compact(value) == "inject(HttpClient)":
                names.add(f"this.{name}")
        return names

    def _typed_parameters(self) -> dict[str, str]:
        """Parameters with a type written (`item: Item`, `form: FormData`), by name."""
        typed: dict[str, str] = {}
        for node in self.source.nodes:
            if node.type in ("required_parameter", "optional_parameter"):
                name, annotation = node.child_by_field_name("pattern"), node.child_by_field_name("type")
                if name is not None and annotation is not None:
                    typed[self.source.raw(name)] = self.source.compact(annotation).lstrip(":")
        return typed

    # ---- the clients ----------------------------------------------------------------------------------------

    def _fetch(self, call: Node) -> BrowserCall | None:
        arguments = self.source.arguments(call)
        if not arguments:
            return None
        init = self.source.members(arguments[1]) if len(arguments) > 1 else {}
        init = init if init is not None else {}
        method = self._method(init.get("method"), None if SPREAD in init else "GET")
        headers = self._headers(init.get("headers"))
        credentials = self.source.string(init.get("credentials")) == "include"
        return self._call(call, "fetch", method, self.source.template(arguments[0]), headers, credentials)

    def _http_client(self, call: Node, method: str) -> BrowserCall | None:
        arguments = self.source.arguments(call)
        if method == "request":  # request(method, url, options)
            if len(arguments) < 2:
                return None
            verb, arguments = self._method(arguments[0], None), arguments[1:]
            options = self._object_at(arguments, 1)
            body = (options or {}).get("body")
        else:  # get(url, options), post(url, body, options)
            if not arguments:
                return None
            verb, has_body = method.upper(), method in _WITH_BODY
            options = self._object_at(arguments, 2 if has_body else 1)
            body = arguments[1] if has_body and len(arguments) > 1 else None
        options = options if options is not None else {}
        headers = self._headers(options.get("headers"))
        if body is not None and "content-type" not in self._written_headers(options.get("headers")):
            headers += self._body_type(body)
        credentials = self._true(options.get("withCredentials"))
        return self._call(call, "HttpClient", verb, self.source.template(arguments[0]), headers, credentials)

    def _axios(self, call: Node, instance: str, method: str) -> BrowserCall | None:
        arguments = self.source.arguments(call)
        if not arguments:
            return None
        if method in _HTTP_METHODS:
            has_body = method in _WITH_BODY
            url: Node | None = arguments[0]
            body = arguments[1] if has_body and len(arguments) > 1 else None
            at = 2 if has_body else 1
            config = self._object_at(arguments, at)
            verb: str | None = method.upper()
        else:  # axios(config), axios(url, config), instance.request(config)
            first = self.source.members(arguments[0])
            url = arguments[0] if first is None else first.get("url")
            config = first if first is not None else self._object_at(arguments, 1)
            body = (config or {}).get("data")
            verb = self._method((config or {}).get("method"), None if SPREAD in (config or {}) else "GET")
        if url is None or config is None:
            return None
        base = self.source.members(self.axios.get(instance)) or {}
        headers = self._headers(base.get("headers")) + self._headers(config.get("headers"))
        written = self._written_headers(base.get("headers")) | self._written_headers(config.get("headers"))
        if body is not None and "content-type" not in written:
            headers += self._body_type(body)
        credentials = self._true(config.get("withCredentials")) or self._true(base.get("withCredentials"))
        base_url = self.source.template(base["baseURL"]) if "baseURL" in base else None
        target = _axios_url(self.source.template(url), base_url)
        return self._call(call, "axios", verb, target, headers, credentials)

    # ---- pieces ---------------------------------------------------------------------------------------------

    def _call(
        self, call: Node, client: str, method: str | None, url: UrlTemplate, headers: tuple[str, ...], credentials: bool
    ) -> BrowserCall:
        function = call.child_by_field_name("function") or call
        unique = tuple(dict.fromkeys(headers))
        return BrowserCall(self.source.path, self.source.location(function), client, method, url, unique, credentials)

    def _object_at(self, arguments: list[Node], at: int) -> dict[str, Node] | None:
        """The members of the object literal argument `at`; {} when there is none, None when it is no literal."""
        return self.source.members(arguments[at]) if len(arguments) > at else {}

    def _method(self, node: Node | None, default: str | None) -> str | None:
        if node is None:
            return default
        text = self.source.string(node)
        return text.upper() if text else None

    def _true(self, node: Node | None) -> bool:
        return node is not None and unwrap(node).type == "true"

    def _header_members(self, node: Node | None) -> dict[str, Node]:
        """`{...}` or `new HttpHeaders({...})` / `new Headers({...})`; nothing for what is not a literal."""
        if node is None:
            return {}
        node = self.source.follow(node)
        if node.type == "new_expression":
            arguments = self.source.arguments(node)
            node = arguments[0] if arguments else node
        members = self.source.members(node) or {}
        members.pop(SPREAD, None)
        return members

    def _written_headers(self, node: Node | None) -> set[str]:
        return {name.lower() for name in self._header_members(node)}

    def _headers(self, node: Node | None) -> tuple[str, ...]:
        unsafe: list[str] = []
        for name, value in self._header_members(node).items():
            lower = name.lower()
            if lower in _SAFELISTED:
                continue
            if lower == "content-type":
                written = self.source.string(value)
                if written is None or written.lower().split(";")[0].strip() in _SAFE_CONTENT_TYPES:
                    continue  # a Content-Type only run time knows, or a safelisted one
            unsafe.append(lower)
        return tuple(unsafe)

    def _body_type(self, body: Node) -> tuple[str, ...]:
        """("content-type",) when the client sends this body as JSON (a string goes as text/plain or
        form-urlencoded, both safelisted)."""
        node = self.source.follow(body)
        kind = node.type
        if kind in ("null", "undefined") or self.source.raw(node) == "undefined":
            return ()
        if kind in ("string", "template_string"):
            return ()
        if kind == "identifier" and self.typed.get(self.source.raw(node)) in (*_SAFE_BODIES, "string"):
            return ()
        if kind == "new_expression":
            constructor = node.child_by_field_name("constructor")
            if constructor is not None and self.source.raw(constructor) in _SAFE_BODIES:
                return ()
        return ("content-type",)


def _axios_url(url: UrlTemplate, base: UrlTemplate | None) -> UrlTemplate:
    """axios's buildFullPath: an absolute URL is used as it is, a relative one is joined to `baseURL`."""
    if base is None or (url and isinstance(url[0], str) and _ABSOLUTE.match(url[0])):
        return url
    if not url or not isinstance(url[0], str) or not base:
        return (RUN_TIME,)
    head = base[-1].rstrip("/") if isinstance(base[-1], str) else base[-1]
    return joined([*base[:-1], head, "/", url[0].lstrip("/"), *url[1:]])
