"""`.flaskenv`, `.env` and other env files, read by python-dotenv's own parser — the one Flask uses — so
quotes, `export`, comments and escapes come out exactly as Flask sees them.

python-dotenv yields each binding's value and its source text, not where the value sits; the value's
span is found again by stepping over the binding's text with that same parser's pieces.

`${VAR}` and `${VAR:-default}` references are expanded as Flask's `load_dotenv` has python-dotenv do it:
each file on its own (`dotenv_values`, interpolation on), from the keys above in the same file, which win
over the real environment. A reference to a variable the file does not set depends on the environment:
`${VAR:-default}` is taken as its default (as an environment read's fallback is), and a bare `${VAR}` is
kept as written, which no port check mistakes for a port. A bare
`KEY` without `=` has no value (Flask skips it): it is left out, and so is any earlier value of that key.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..core.facts import DotenvFile, ParseResult, Token
from ..core.model import ConfigProblem, Location, Range
from ..core.text import SourceText
from ..lean_import import import_alone

if TYPE_CHECKING:
    from dotenv import parser as dotenv_parser
    from dotenv import variables as dotenv_variables
else:  # without python-dotenv's __init__, which imports logging, pathlib and tempfile for its file API
    dotenv_parser = import_alone("dotenv.parser")
    dotenv_variables = import_alone("dotenv.variables")

_BOM = "\ufeff"  # python-dotenv drops it before parsing
# python-dotenv's inline-comment regex is quadratic in a run of blanks (50,000 blanks: 44 s); no real
# setting is this long, so longer lines are not handed to it.
MAX_LINE = 4096


def parse_dotenv(path: str, text: str) -> ParseResult:
    """One `DotenvFile` with every binding python-dotenv reads, plus a problem per line it cannot."""
    index = SourceText(text)
    offset = 1 if text.startswith(_BOM) else 0
    values: dict[str, Token] = {}
    expanded = _Interpolation()
    problems: list[ConfigProblem] = []
    for binding in dotenv_parser.parse_stream(io.StringIO(_defuse_long_lines(text, index, path, problems))):
        start, raw = offset, binding.original.string
        offset += len(raw)
        if binding.error:
            problems.append(ConfigProblem(_line_of(index, path, start, raw), _CANNOT_PARSE))
            continue
        if binding.key is None:
            continue  # blank lines, comments
        value = expanded.add(binding.key, binding.value)
        if value is None:
            values.pop(binding.key, None)  # a bare `KEY` replaces an earlier value with none
            continue
        span = _value_span(raw)
        if span is None:  # python-dotenv read this binding; stepping over it again must work too
            continue
        values[binding.key] = Token(value, index.location(path, start + span[0], start + span[1]))
    end = Location(path, Range(index.end(), index.end()))
    ends_with_newline = text.lstrip(_BOM) == "" or text.endswith(("\n", "\r"))
    return ParseResult(facts=[DotenvFile(path, values, end, ends_with_newline)], problems=problems)


_CANNOT_PARSE = "python-dotenv cannot parse this line; Flask skips it"


class _Interpolation:
    """python-dotenv's `resolve_variables` with `override=True` (as `dotenv_values` calls it): each value
    expanded from the keys bound above it; keys whose value hangs on the real environment are unknown."""

    def __init__(self) -> None:
        self.known: dict[str, str | None] = {}
        self.unknown: set[str] = set()

    def add(self, key: str, value: str | None) -> str | None:
        """The value as Flask gets it, or as written when it depends on the environment."""
        self.unknown.discard(key)
        if value is None or "${" not in value:
            self.known[key] = value
            return value
        atoms = list(dotenv_variables.parse_variables(value))
        if any(self._from_environment(atom) for atom in atoms):
            self.known.pop(key, None)
            self.unknown.add(key)
            return value
        result = "".join(atom.resolve(self.known) for atom in atoms)
        self.known[key] = result
        return result

    def _from_environment(self, atom: object) -> bool:
        """A reference only the real environment can answer: a variable the file has not set (or has set
        from the environment), without a default."""
        if not isinstance(atom, dotenv_variables.Variable):
            return False
        return atom.name in self.unknown or (atom.name not in self.known and atom.default is None)


def _defuse_long_lines(text: str, index: SourceText, path: str, problems: list[ConfigProblem]) -> str:
    """The text with every line over MAX_LINE turned into a comment of the same length (so every offset
    stays true), and a problem for each."""
    lines = text.split("\n")
    start = 0
    for number, line in enumerate(lines):
        if len(line) > MAX_LINE:
            problems.append(
                ConfigProblem(
                    index.location(path, start, start + len(line)),
                    f"this line is {len(line):,} characters long; portlint reads env lines up to {MAX_LINE:,}",
                )
            )
            lines[number] = "#" + "x" * (len(line) - 1)
        start += len(line) + 1
    return "\n".join(lines)


def _value_span(raw: str) -> tuple[int, int] | None:
    """Where the value's raw content lies in one binding's text (without quotes): python-dotenv's
    `parse_binding`, step by step, keeping the offsets it throws away."""
    reader = dotenv_parser.Reader(io.StringIO(raw))
    try:
        reader.read_regex(dotenv_parser._multiline_whitespace)
        reader.read_regex(dotenv_parser._export)
        dotenv_parser.parse_key(reader)
        reader.read_regex(dotenv_parser._whitespace)
        (equal_sign,) = reader.read_regex(dotenv_parser._equal_sign)
        start = reader.position.chars
        quote = reader.peek(1)
        if len(equal_sign) > 1 and quote == "#":
            return start, start  # `KEY= # comment`: an empty value
        if quote in ("'", '"'):
            regex = dotenv_parser._single_quoted_value if quote == "'" else dotenv_parser._double_quoted_value
            (content,) = reader.read_regex(regex)
            return start + 1, start + 1 + len(content)
        # Unquoted: no escapes, so the value is its own raw text (comment and trailing blanks cut off).
        return start, start + len(dotenv_parser.parse_value(reader))
    except dotenv_parser.Error:
        return None


def _line_of(index: SourceText, path: str, start: int, raw: str) -> Location:
    """The line a failed binding starts on (past the blank lines python-dotenv counts into it)."""
    begin = start + len(raw) - len(raw.lstrip())
    text = index.text
    end = begin
    while end < len(text) and text[end] not in "\r\n":
        end += 1
    return index.location(path, begin, end)
