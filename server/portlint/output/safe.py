"""Output that is valid and safe whatever the workspace holds and whatever the locale.

Folder names, config strings (an Angular project name, a proxy URL) and process command lines reach the
output. A newline in a folder name must not forge a finding line, an ESC or BEL must not reach the
terminal, and a lone surrogate (`"\\ud800"` in JSON) or a folder name that is not UTF-8 (Python holds its
bytes as surrogates) must not make an encoder fail or write bytes that are not valid in the output's
encoding.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any
from urllib.parse import quote_from_bytes

# C0 and C1 controls, DEL, bidirectional overrides and isolates (they reorder what a terminal shows),
# line and paragraph separators, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` for one line of a terminal: controls, bidi overrides, separators and lone surrogates escaped
    as `\\n`, `\\x1b`, `\\u202e`, `\\xff` (a byte of a non-UTF-8 name)."""
    return _UNSAFE.sub(_escape, text)


def valid_unicode(value: Any) -> Any:
    """A JSON-ready value with every string valid Unicode: a lone surrogate becomes U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {valid_unicode(k): valid_unicode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [valid_unicode(v) for v in value]
    return value


def dump_json(value: Any) -> str:
    """JSON that is plain ASCII (so valid in every locale and encoding) and valid Unicode once read."""
    return json.dumps(valid_unicode(value), indent=2, ensure_ascii=True) + "\n"


def uri_path(path: str) -> str:
    """A relative path as a URI reference: percent-encoded bytes (spaces, `#`, `%`, newlines, non-UTF-8)."""
    return quote_from_bytes(os.fsencode(path), safe="/")


def write_out(text: str) -> None:
    """Write to stdout; a character the locale's encoding lacks is written as a backslash escape."""
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    stream.write(text)
