"""The one text model: character offsets, LSP positions (line, UTF-16 column), UTF-8 byte offsets and
tree-sitter points, turned into each other in logarithmic time.

A line ends at "\\n" only (a "\\r" before it belongs to the line). Every query is a binary search over
tables built once in linear time, so reading a 1 MiB one-line file costs the same per token as a short
one. Lone surrogates (an editor's document can hold them: JSON-RPC's "\\ud800" escape) have one policy:
they become U+FFFD when the text is taken in, which keeps every offset, UTF-16 column and UTF-8 length.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right

from .model import Location, Position, Range

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (characters outside the BMP count twice)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def without_lone_surrogates(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD: same length in characters and UTF-16 units,
    three UTF-8 bytes like the surrogate's own `surrogatepass` encoding, and encodable as strict UTF-8."""
    if text.isascii():
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def _utf8_width(code: int) -> int:
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


class SourceText:
    """One file's text, with every conversion between its coordinates. Built once, queried many times."""

    def __init__(self, text: str) -> None:
        self.text = without_lone_surrogates(text)
        self._line_starts = array("q", [0])
        self._line_starts.extend(match.end() for match in re.finditer("\n", self.text))
        # Non-ASCII characters only (none in most configs): their offsets, the UTF-8 bytes before each, and
        # the offsets of those outside the BMP (two UTF-16 units each).
        self._wide = array("q")
        self._wide_bytes = array("q")
        self._extra_bytes = array("q", [0])  # extra UTF-8 bytes of the first k wide characters
        self._astral = array("q")
        extra = 0
        for match in () if self.text.isascii() else _NON_ASCII.finditer(self.text):
            offset, code = match.start(), ord(match.group())
            self._wide.append(offset)
            self._wide_bytes.append(offset + extra)
            extra += _utf8_width(code) - 1
            self._extra_bytes.append(extra)
            if code > 0xFFFF:
                self._astral.append(offset)
        self._source: bytes | None = None

    # ---- bytes ---------------------------------------------------------------------------------------

    @property
    def source(self) -> bytes:
        """The text as UTF-8, what tree-sitter parses."""
        if self._source is None:
            self._source = self.text.encode("utf-8")
        return self._source

    def decode(self, start_byte: int, end_byte: int) -> str:
        """The text between two byte offsets (tree-sitter's node bounds)."""
        return self.text[self.char_of_byte(start_byte) : self.char_of_byte(end_byte)]

    def byte_of_char(self, offset: int) -> int:
        offset = max(0, min(offset, len(self.text)))
        return offset + self._extra_bytes[bisect_left(self._wide, offset)]

    def char_of_byte(self, byte_offset: int) -> int:
        """The character a UTF-8 byte offset falls in (its start when inside a multi-byte character)."""
        byte_offset = max(0, min(byte_offset, len(self.text) + self._extra_bytes[-1]))
        k = bisect_left(self._wide_bytes, byte_offset)  # wide characters starting before the byte
        if k and byte_offset < self._wide_bytes[k - 1] + self._extra_bytes[k] - self._extra_bytes[k - 1] + 1:
            return self._wide[k - 1]
        return byte_offset - self._extra_bytes[k]

    # ---- positions -----------------------------------------------------------------------------------

    def position(self, offset: int) -> Position:
        """The LSP position of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset) - 1
        return Position(line, self._units(self._line_starts[line], offset))

    def offset(self, position: Position) -> int:
        """The character offset of an LSP position; a column past the line's end gives its end, one inside
        a surrogate pair the character after it."""
        if position.line >= len(self._line_starts):
            return len(self.text)
        start = self._line_starts[max(0, position.line)]
        end = self._line_end(max(0, position.line))
        column = max(0, position.character)
        if not self._astral or self._units(start, end) == end - start:
            return min(start + column, end)
        low, high = start, end  # the first offset at or past `column` units
        while low < high:
            middle = (low + high) // 2
            if self._units(start, middle) < column:
                low = middle + 1
            else:
                high = middle
        return low

    def point(self, row: int, byte_column: int) -> Position:
        """The LSP position of a tree-sitter point (row, byte column of the UTF-8 encoding)."""
        if row >= len(self._line_starts):
            return Position(row, 0)
        return Position(row, self._units(self._line_starts[row], self.point_offset(row, byte_column)))

    def point_offset(self, row: int, byte_column: int) -> int:
        """The character offset of a tree-sitter point (inside a character: the offset after it), kept
        within its line."""
        if row >= len(self._line_starts):
            return len(self.text)
        start = self._line_starts[row]
        target = min(self.byte_of_char(start) + max(0, byte_column), self.byte_of_char(self._line_end(row)))
        offset = self.char_of_byte(target)
        return offset + 1 if self.byte_of_char(offset) < target else offset

    def _units(self, start: int, offset: int) -> int:
        """UTF-16 units between two offsets."""
        if not self._astral:
            return offset - start
        return offset - start + bisect_left(self._astral, offset) - bisect_left(self._astral, start)

    def _line_end(self, line: int) -> int:
        return self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self.text)

    # ---- ranges and lines ----------------------------------------------------------------------------

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def location(self, file: str, start: int, end: int) -> Location:
        return Location(file, self.range(start, end))

    def point_range(self, start: tuple[int, int], end: tuple[int, int]) -> Range:
        return Range(self.point(*start), self.point(*end))

    def byte_range(self, start_byte: int, end_byte: int) -> Range:
        return self.range(self.char_of_byte(start_byte), self.char_of_byte(end_byte))

    def line(self, row: int) -> str:
        """One line's text, without its "\\n" (a "\\r" stays)."""
        if not 0 <= row < len(self._line_starts):
            return ""
        return self.text[self._line_starts[row] : self._line_end(row)]

    def line_start(self, row: int) -> int:
        return self._line_starts[max(0, min(row, len(self._line_starts) - 1))]

    def line_end(self, row: int) -> int:
        """The offset of a line's "\n" (or of the text's end)."""
        return self._line_end(max(0, min(row, len(self._line_starts) - 1)))

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    @property
    def eol(self) -> str:
        """The line ending a new line should use: the file's own."""
        return "\r\n" if "\r\n" in self.text else "\n"

    def end(self) -> Position:
        return self.position(len(self.text))


# The name this class had before it did more than lines (kept for callers written against it).
LineIndex = SourceText
