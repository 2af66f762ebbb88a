"""The request side of the Fetch standard's CORS rules: what a page's `fetch()` sends, which of its headers a
page may send without asking (CORS-safelisted), whether a preflight goes first and what it carries. Names of
the steps follow https://fetch.spec.whatwg.org/. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from msgspec import Struct

Headers = tuple[tuple[str, str], ...]

SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})
# Fetch normalises only these method names to upper case; any other is sent (and compared) as written.
NORMALISED_METHODS = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
SIMPLE_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
# Headers a page cannot set: the browser owns them.
FORBIDDEN_REQUEST_HEADERS = frozenset(
    {
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    }
)
TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_UNSAFE_BYTES = frozenset('"():<>?@[\\]{}\x7f') | frozenset(chr(c) for c in range(0x20) if c != 0x09)
_LANGUAGE_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz *,-.;=")
_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")
HTTP_WHITESPACE = " \t\r\n"


# ---- the request -----------------------------------------------------------------------------------


class FetchRequest(Struct, frozen=True):
    """What the page's `fetch()` asks for: its origin, the method, the headers its script sets, and
    whether it sends credentials (`credentials: "include"`)."""

    origin: str  # serialised: "http://localhost:4200"
    method: str = "GET"
    headers: Headers = ()
    credentials: bool = False


def normalise_method(method: str) -> str:
    """The method as `fetch()` sends it: the six standard names upper-cased, any other left as written."""
    return method.upper() if method.upper() in NORMALISED_METHODS else method


def serialise_origin(text: str) -> str:
    """An origin as a browser serialises it (`scheme://host[:port]`, lower case, default port dropped).
    Raises ValueError for anything that is not a bare http(s) origin."""
    if text == "null":
        return text
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{text!r} is not an origin like http://localhost:4200")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{text!r} is not an origin: an origin has no path, query or user")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{text!r} has an invalid port") from None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = 80 if parts.scheme == "http" else 443
    return f"{parts.scheme}://{host}" + ("" if port in (None, default) else f":{port}")


def is_forbidden_request_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in FORBIDDEN_REQUEST_HEADERS or lowered.startswith(("proxy-", "sec-"))


def is_safelisted_request_header(name: str, value: str) -> bool:
    """Fetch's CORS-safelisted request-header: a header a page may send without a preflight."""
    if len(value.encode("latin-1", errors="replace")) > 128:
        return False
    lowered = name.lower()
    if lowered == "accept":
        return not any(ch in _UNSAFE_BYTES for ch in value)
    if lowered in ("accept-language", "content-language"):
        return all(ch in _LANGUAGE_CHARS for ch in value)
    if lowered == "content-type":
        if any(ch in _UNSAFE_BYTES for ch in value):
            return False
        essence = mime_essence(value)
        return essence is not None and essence in SIMPLE_CONTENT_TYPES
    if lowered == "range":
        match = _RANGE.fullmatch(value)
        if match is None or not match.group(1):
            return False
        return not match.group(2) or int(match.group(1)) <= int(match.group(2))
    return False


def mime_essence(value: str) -> str | None:
    """`type/subtype` in lower case, as Fetch's MIME type parser reads it; None when it does not parse."""
    kind, slash, rest = value.strip(HTTP_WHITESPACE).partition("/")
    subtype = rest.partition(";")[0].rstrip(HTTP_WHITESPACE)
    if not slash or not TOKEN.fullmatch(kind) or not TOKEN.fullmatch(subtype):
        return None
    return f"{kind}/{subtype}".lower()


def unsafe_request_header_names(headers: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Fetch's CORS-unsafe request-header names: lower case, sorted, each once. Safelisted headers count
    too when their values add up to more than 1024 bytes."""
    unsafe: set[str] = set()
    safelisted: list[str] = []
    size = 0
    for name, value in headers:
        if is_safelisted_request_header(name, value):
            safelisted.append(name)
            size += len(value.encode("latin-1", errors="replace"))
        else:
            unsafe.add(name.lower())
    if size > 1024:
        unsafe.update(name.lower() for name in safelisted)
    return tuple(sorted(unsafe))


def preflight_needed(request: FetchRequest) -> bool:
    return normalise_method(request.method) not in SAFELISTED_METHODS or bool(
        unsafe_request_header_names(request.headers)
    )


def preflight_headers(request: FetchRequest) -> Headers:
    """The CORS headers of the preflight `OPTIONS` a browser sends for this request."""
    headers: list[tuple[str, str]] = [
        ("Origin", request.origin),
        ("Access-Control-Request-Method", normalise_method(request.method)),
    ]
    names = unsafe_request_header_names(request.headers)
    if names:
        headers.append(("Access-Control-Request-Headers", ",".join(names)))
    return tuple(headers)
