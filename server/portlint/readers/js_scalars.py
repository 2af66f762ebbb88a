"""JavaScript number literals and string escapes, as the language reads them (for `readers.js_literal`)."""

from __future__ import annotations

import re

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_HEX_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]+)\})")
_LINE_CONTINUATION = re.compile(r"\\(?:\r\n|[\r\n\u2028\u2029])")


def number(text: str) -> int | float | None:
    digits = text.replace("_", "")
    if digits.endswith("n"):  # BigInt
        digits = digits[:-1]
    try:
        return int(digits, 0)
    except ValueError:
        pass
    if len(digits) > 1 and digits[0] == "0" and digits.isdigit():  # legacy octal 0755
        try:
            return int(digits, 8)
        except ValueError:
            return int(digits)
    try:
        return float(digits)
    except ValueError:
        return None


def unescape(escape: str) -> str:
    """One JavaScript escape sequence → its character(s)."""
    if _LINE_CONTINUATION.fullmatch(escape):
        return ""
    match = _HEX_ESCAPE.fullmatch(escape)
    if match:
        code = int(next(group for group in match.groups() if group is not None), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"
    body = escape[1:]
    return _SIMPLE_ESCAPES.get(body, body)
