"""The request a page's script makes: checked the way fetch() checks it before anything is sent.

Used by `portlint probe` and by the language server's `portlint.probeCors`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the Fetch rules load when a probe runs: `portlint check` imports this module's defaults
    from ..core.cors.fetch import FetchRequest

DEFAULT_ORIGIN = "http://localhost:4200"  # the Angular dev server's, the page that usually calls the API
DEFAULT_TIMEOUT = 3.0  # seconds for each exchange, from connecting to the answer's last header


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP header name (RFC 9110 token)


def request_from(origin: str, method: str, headers: list[str], credentials: bool) -> FetchRequest:
    """The request a page would make; ValueError for an origin, method or header a page cannot send."""
    from ..core.cors.fetch import FetchRequest, is_forbidden_request_header, normalise_method, serialise_origin

    pairs: list[tuple[str, str]] = []
    for header in headers:
        name, colon, value = header.partition(":")
        name, value = name.strip(" \t"), value.strip(" \t")
        if not colon or _TOKEN.fullmatch(name) is None:
            raise ValueError(f"--header wants 'Name: value', got {header!r}")
        if is_forbidden_request_header(name):
            raise ValueError(f"a page cannot set the {name} header; the browser owns it")
        if any(ch in value for ch in "\r\n\0"):
            raise ValueError(f"the {name} header's value holds a line break or NUL; fetch() refuses it")
        if not all(ord(ch) < 256 for ch in value):
            raise ValueError(f"the {name} header's value has characters outside Latin-1; fetch() refuses them")
        pairs.append((name, value))
    method = method.strip()
    if not method or not method.isascii() or not method.replace("-", "").isalnum():
        raise ValueError(f"--method wants an HTTP method, got {method!r}")
    if normalise_method(method).upper() in ("CONNECT", "TRACE", "TRACK"):
        raise ValueError(f"fetch() refuses the method {method}")
    serialised = serialise_origin(origin)
    if not (serialised.isascii() and serialised.isprintable()) or " " in serialised:
        raise ValueError(f"{origin!r} is not an origin like http://localhost:4200")
    return FetchRequest(serialised, normalise_method(method), tuple(pairs), credentials)


def header_lines(headers: Any) -> list[str]:
    """Headers as `{"Name": "value"}`, `["Name: value", ...]` or `[["Name", "value"], ...]`, as 'Name: value'
    lines; ValueError for any other shape."""
    if headers is None:
        return []
    if isinstance(headers, dict):
        return [f"{name}: {value}" for name, value in headers.items()]
    if isinstance(headers, list):
        return [f"{h[0]}: {h[1]}" if isinstance(h, list) and len(h) == 2 else str(h) for h in headers]
    raise ValueError("headers must be an object {name: value} or a list of 'Name: value' strings")
