"""What must hold for any parse result, whatever the input: ranges inside the text, reasons that say
something."""

from __future__ import annotations

from collections.abc import Iterator

from portlint.core.facts import ParseResult
from portlint.core.model import ConfigProblem, Location
from portlint.core.text import SourceText, utf16_len
from tests.records import field_names, is_record


def locations(value: object) -> Iterator[Location]:
    """Every Location anywhere inside a fact (tokens, insertions, nested tuples and dicts)."""
    if isinstance(value, Location):
        yield value
    elif is_record(value):
        for name in field_names(value):
            yield from locations(getattr(value, name))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from locations(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from locations(item)


def check_result(path: str, text: str, result: object) -> None:
    """Assert the invariants of one parse of `text` (the file `path`)."""
    assert isinstance(result, ParseResult), f"not a ParseResult: {result!r:.80}"
    index = SourceText(text)
    lines = text.split("\n")
    for location in locations([result.facts, result.problems]):
        if location.file != path:
            continue  # another file (an env file a command names, a file to create): not this text
        start, end = location.range.start, location.range.end
        assert start <= end, f"{location} ends before it starts"
        for position in (start, end):
            assert 0 <= position.line < index.line_count, f"{position} outside {index.line_count} lines"
            width = utf16_len(lines[position.line])
            assert 0 <= position.character <= width, f"{position} outside a line of {width} UTF-16 units"
    for problem in result.problems:
        assert isinstance(problem, ConfigProblem)
        assert isinstance(problem.reason, str) and problem.reason.strip(), f"empty reason: {problem!r}"
