"""The one text model agrees with the plain definitions of each conversion, on any text, and costs a
bounded number of steps per query (no per-query walk over a long line)."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.core.model import Position
from portlint.core.text import SourceText, utf16_len, without_lone_surrogates

TEXTS = st.text(alphabet=st.sampled_from(list('ab \t\r\n"\\é€😀\U00010000\ud800\udcff')), max_size=60)


def _position(text: str, offset: int) -> Position:
    """The definition: the line is the count of "\\n" before, the column the UTF-16 units since the last."""
    offset = max(0, min(offset, len(text)))
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    line = bisect_right(starts, offset) - 1
    return Position(line, utf16_len(text[starts[line] : offset]))


def _char_of_byte(text: str, byte_offset: int) -> int:
    """The definition: the character whose UTF-8 bytes hold the byte (the end for the byte after all)."""
    table: list[int] = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8")))
    table.append(len(text))
    return table[max(0, min(byte_offset, len(table) - 1))]


def _offset(text: str, position: Position) -> int:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    if position.line >= len(starts):
        return len(text)
    offset, units = starts[position.line], 0
    while units < position.character and offset < len(text) and text[offset] != "\n":
        units += 2 if ord(text[offset]) > 0xFFFF else 1
        offset += 1
    return offset


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_every_conversion_matches_its_definition(text: str) -> None:
    model = SourceText(text)
    clean = without_lone_surrogates(text)
    assert model.text == clean and len(clean) == len(text) and utf16_len(clean) == utf16_len(text)
    source = clean.encode("utf-8")
    assert model.source == source
    for offset in range(len(clean) + 1):
        assert model.position(offset) == _position(clean, offset)
        assert model.byte_of_char(offset) == len(clean[:offset].encode("utf-8"))
        assert model.offset(model.position(offset)) == offset
    for byte in range(len(source) + 2):
        assert model.char_of_byte(byte) == _char_of_byte(clean, byte)
    lines = clean.split("\n")
    assert model.line_count == len(lines)
    for row, line in enumerate(lines):
        assert model.line(row) == line
        for column in range(utf16_len(line) + 3):
            assert model.offset(Position(row, column)) == _offset(clean, Position(row, column))
        encoded = line.encode("utf-8")
        boundaries = {len(line[:i].encode("utf-8")) for i in range(len(line) + 1)}
        for column in range(len(encoded) + 2):
            if min(column, len(encoded)) in boundaries:  # tree-sitter's points fall between characters
                prefix = encoded[:column].decode("utf-8")
                assert model.point(row, column) == Position(row, utf16_len(prefix))


def test_a_lone_surrogate_keeps_every_length() -> None:
    model = SourceText('a"\ud800"b')
    assert model.text == 'a"\ufffd"b'
    assert model.char_of_byte(len(model.source)) == len(model.text) == 5
    assert model.position(5) == Position(0, 5)


class _CountingList(list[int]):
    """A table that counts how often it is read."""

    reads = 0

    def __getitem__(self, index: object) -> object:  # type: ignore[override]
        _CountingList.reads += 1
        return super().__getitem__(index)  # type: ignore[index]


def test_queries_on_one_long_line_cost_steps_logarithmic_in_its_length() -> None:
    """A position near the end of a long line costs a binary search, not a walk of the line: 8× the line
    costs a few more steps, not 8× the steps."""
    costs = []
    for length in (10_000, 80_000):
        model = SourceText("é😀" + "x" * length)
        for name in ("_line_starts", "_wide", "_wide_bytes", "_extra_bytes", "_astral"):
            setattr(model, name, _CountingList(getattr(model, name)))
        _CountingList.reads = 0
        model.position(length)
        model.point(0, length)
        model.offset(Position(0, length))
        model.char_of_byte(length)
        costs.append(_CountingList.reads)
    assert costs[1] < costs[0] * 2, costs
