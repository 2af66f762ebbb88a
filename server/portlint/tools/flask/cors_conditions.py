"""The values a before_request condition is judged on when they are known: what a CORS preflight carries,
the method of a request that is not one, and Python's comparisons on literals."""

from __future__ import annotations

from msgspec import Struct

UNKNOWN_VALUE = object()
# Headers a browser's preflight always carries, and those it may: any other header is absent.
_PREFLIGHT_HEADERS = frozenset({"origin", "access-control-request-method", "host", "user-agent", "accept"})
_MAYBE_IN_PREFLIGHT = frozenset(
    {"access-control-request-headers", "referer", "accept-language", "accept-encoding", "connection", "cache-control"}
) | {"pragma", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest", "sec-ch-ua", "x-forwarded-for"}


class NotOptions(Struct, frozen=True):
    """`request.method` of a request that is not a preflight: only "not OPTIONS" is known."""


class PreflightHeaders(Struct, frozen=True):
    """`request.headers` of a preflight."""


def header_present(name: object) -> bool | None:
    """Whether a preflight carries the header `name`; None when it may or may not."""
    if not isinstance(name, str):
        return None
    lowered = name.lower()
    if lowered in _PREFLIGHT_HEADERS:
        return True
    return None if lowered in _MAYBE_IN_PREFLIGHT else False


def method_comparison(other: object, operator: str) -> bool | None:
    """`request.method` of a request that is not a preflight against a literal."""
    if operator in ("==", "!=", "is", "is not") and other == "OPTIONS":
        return operator in ("!=", "is not")
    if operator in ("in", "not in") and isinstance(other, (list, tuple, set, frozenset)) and set(other) <= {"OPTIONS"}:
        return operator == "not in"
    return None


def compare(a: object, b: object, operator: str) -> bool | None:
    try:
        if operator == "==":
            return bool(a == b)
        if operator == "!=":
            return bool(a != b)
        if operator == "is":
            return a is b if a is None or b is None else None
        if operator == "is not":
            return a is not b if a is None or b is None else None
        if operator == "in" and isinstance(b, (str, list, tuple, set, frozenset, dict)):
            return a in b
        if operator == "not in" and isinstance(b, (str, list, tuple, set, frozenset, dict)):
            return a not in b
    except TypeError:
        return None
    return None
