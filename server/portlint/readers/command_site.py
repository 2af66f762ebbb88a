"""Where command lines are written: the file (`CommandFile`, with JSON strings mapped back to their raw
spelling) and the site in it (`CommandSite`: a script, a recipe, a process), which makes the tokens and the
`Invocation`s the tools' command-line readers return."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from msgspec import Struct

from ..core.facts import Invocation, Token
from ..core.model import Location
from ..core.text import SourceText
from .jsonc import JNode
from .shell_words import MappedText


class CommandFile:
    """The file command lines are written in: its path and its text model."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = SourceText(text)

    def location(self, start: int, end: int) -> Location:
        return self.text.location(self.path, start, end)

    def json_string(self, node: JNode) -> MappedText:
        """A JSON string's decoded value, each character mapped to its raw spelling (`\\n`, `\\u00e9`)."""
        value = node.value if isinstance(node.value, str) else ""
        start, end = self.text.offset(node.location.range.start), self.text.offset(node.location.range.end)
        decoded = _decode_json_content(self.text.text[start:end], start)
        if decoded.text == value:
            return decoded
        # Should not happen; if it does, every character points at the whole string rather than astray.
        return MappedText(value, (start,) * len(value), (end,) * len(value))


_JSON_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"'}
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")


def _decode_json_content(raw: str, base: int) -> MappedText:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(raw):
        width, ch = 1, raw[i]
        if ch == "\\" and i + 1 < len(raw):
            escape = raw[i + 1]
            if escape == "u" and _HEX4.fullmatch(raw, i + 2, i + 6):
                code, width = int(raw[i + 2 : i + 6], 16), 6
                low = raw[i + 8 : i + 12] if raw.startswith("\\u", i + 6) else ""
                if 0xD800 <= code < 0xDC00 and _HEX4.fullmatch(low) and 0xDC00 <= int(low, 16) < 0xE000:
                    code, width = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00), 12
                ch = chr(code)
            else:
                ch, width = _JSON_ESCAPES.get(escape, escape), 2
        chars.append(ch)
        starts.append(base + i)
        ends.append(base + i + width)
        i += width
    return MappedText("".join(chars), tuple(starts), tuple(ends))


_Invocation = TypeVar("_Invocation", bound=Invocation)


class CommandSite(Struct, frozen=True):
    """Where commands are written, in file and in words ('package.json script "api"')."""

    source: CommandFile
    where: str
    # What starts the commands written here together: every process of a Procfile (`heroku local`, honcho),
    # the commands of one script or make target (`concurrently "ng serve" "flask run"`). Empty: each alone.
    together: str = ""

    def location(self, text: MappedText, start: int = 0, end: int | None = None) -> Location:
        return self.source.location(*text.span(start, end))

    def invocation(
        self, kind: type[_Invocation], tool: str, command: MappedText | Location, cwd: str, **fields: Any
    ) -> _Invocation:
        """The `kind` of invocation a `tool`'s reader makes of a command written here, run from `cwd`: it points
        at the command word (or a launch configuration's own location) and carries the other `fields`."""
        place = command if isinstance(command, Location) else self.location(command)
        return kind(tool, self.source.path, place, self.where, cwd, **fields)

    def token(self, value: MappedText | None, literal: bool = True) -> Token | None:
        """The value as a token, or None when the shell computes it (`$PORT`)."""
        if value is None or not literal:
            return None
        return Token(value.text, self.location(value))
