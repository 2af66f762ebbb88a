"""Turning offsets into LSP positions (0-based line, UTF-16 character)."""

from __future__ import annotations

from bisect import bisect_right

from .model import Location, Position, Range


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (characters outside the BMP count twice)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Maps offsets in one text to positions. Built once per file, queried many times."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._starts.append(i + 1)

    def position(self, offset: int) -> Position:
        """Position of a character offset into the ``str``."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return Position(line, utf16_len(self.text[start:offset]))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def location(self, file: str, start: int, end: int) -> Location:
        return Location(file, self.range(start, end))

    # tree-sitter reports (row, byte column) points over the UTF-8 encoding.
    def point(self, row: int, byte_column: int) -> Position:
        line_text = self._line(row)
        prefix = line_text.encode("utf-8")[:byte_column].decode("utf-8", errors="replace")
        return Position(row, utf16_len(prefix))

    def point_range(self, start: tuple[int, int], end: tuple[int, int]) -> Range:
        return Range(self.point(*start), self.point(*end))

    def _line(self, row: int) -> str:
        if row >= len(self._starts):
            return ""
        start = self._starts[row]
        end = self._starts[row + 1] - 1 if row + 1 < len(self._starts) else len(self.text)
        return self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def end(self) -> Position:
        return self.position(len(self.text))
