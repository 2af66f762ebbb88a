"""`uwsgi.ini` → the sockets of its `[uwsgi]` section (the one uWSGI reads by default), line by line with
positions: `key = value`, `;` and `#` comments, repeated keys each adding a socket."""

from __future__ import annotations

import re

from ...core.facts import Address, ParseResult, Token
from ...core.text import SourceText
from .facts import UwsgiIni
from .sockets import SOCKET_OPTIONS, Span, address

_SECTION = re.compile(r"^\s*\[([^\]]*)\]")
_OPTION = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*[=:]\s*")


def parse_uwsgi_ini(path: str, text: str) -> ParseResult:
    source = SourceText(text)
    binds: list[tuple[str, Address]] = []
    section = None
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if (header := _SECTION.match(line)) is not None:
            section = header.group(1).strip()
            continue
        option = _OPTION.match(line)
        if section != "uwsgi" or option is None or option.group(1) not in SOCKET_OPTIONS:
            continue
        value = line[option.end() :].rstrip("\r\n")
        value = value.split(" ;", 1)[0].split(" #", 1)[0].strip()
        at = start + option.end()

        def token(span: Span, value: str = value, at: int = at) -> Token:
            return Token(value[span[0] : span[1]], source.location(path, at + span[0], at + span[1]))

        binds.append((option.group(1), address(token((0, len(value))), token)))
    return ParseResult(facts=[UwsgiIni(path, tuple(binds))])
