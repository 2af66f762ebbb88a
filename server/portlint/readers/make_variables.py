"""A Makefile's own variables, expanded in its recipes the way make does before the shell sees them:
`BACKEND = backend` then `cd $(BACKEND) && flask run` runs in backend/. Each expanded character points at
the character of the definition it comes from, so a port read from `PORT = 5055` points at that line.

Read: `NAME = value`, `:=`, `::=`, `?=` (when not set yet), `+=` (appended after a blank), with `export`,
`override` in front; references `$(NAME)` and `${NAME}`, nested in values too; `$$` is one `$` for the shell.
Not read: `!=` (the shell computes it), `define` blocks, target-specific and automatic variables, values
given on make's command line or from the environment: such references stay as written, which the shell
reader takes for a value only run time knows.
"""

from __future__ import annotations

import re

from msgspec import Struct, field

from .shell_words import MappedText

_ASSIGNMENT = re.compile(
    r"^[ \t]*(?P<export>(?:(?:export|override|private)[ \t]+)*)(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*"
    r"(?P<op>::?=|:::=|\?=|\+=|=)[ \t]*(?P<value>.*?)[ \t]*$"
)
_REFERENCE = re.compile(r"\$(?:\((?P<paren>[A-Za-z_][A-Za-z0-9_.-]*)\)|\{(?P<brace>[A-Za-z_][A-Za-z0-9_.-]*)\}|\$)")
MAX_EXPANSION = 10_000  # characters a line may grow by: `V = $(W)$(W)` doubling forty times stays unexpanded
TOTAL_EXPANSION = 100_000  # and all the recipes of one Makefile together


class MakeVariables(Struct, frozen=True):
    """The variables a Makefile sets, each value as it is written (references unexpanded)."""

    values: dict[str, MappedText]
    exported: frozenset[str] = frozenset()
    _expanded: dict[str, MappedText | None] = field(default_factory=dict)  # None: being expanded (a cycle)
    _spent: list[int] = field(default_factory=lambda: [0])  # characters added by expansion so far

    def expand(self, text: MappedText) -> MappedText:
        """`text` with every known `$(NAME)` replaced by its value, and `$$` by `$`. A reference that loops
        or would grow the text past MAX_EXPANSION stays as written."""
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        cursor = size = 0
        for match in _REFERENCE.finditer(text.text):
            name = match.group("paren") or match.group("brace")
            replacement = text.slice(match.start(), match.start() + 1) if name is None else self._value(name)
            grown = len(replacement.text) if replacement is not None else 0
            if replacement is None or size + grown > MAX_EXPANSION or self._spent[0] + grown > TOTAL_EXPANSION:
                continue
            size += grown
            self._spent[0] += grown
            _extend(chars, starts, ends, text.slice(cursor, match.start()))
            _extend(chars, starts, ends, replacement)
            cursor = match.end()
        if cursor == 0:
            return text
        _extend(chars, starts, ends, text.slice(cursor))
        return MappedText("".join(chars), tuple(starts), tuple(ends))

    def _value(self, name: str) -> MappedText | None:
        """A variable's value, expanded once (None: unknown, or part of a cycle)."""
        if name not in self.values:
            return None
        if name not in self._expanded:
            self._expanded[name] = None
            self._expanded[name] = self.expand(self.values[name])
        return self._expanded[name]


def _extend(chars: list[str], starts: list[int], ends: list[int], piece: MappedText) -> None:
    chars.append(piece.text)
    starts.extend(piece.starts)
    ends.extend(piece.ends)


def read_make_variables(lines: list[tuple[int, str]]) -> MakeVariables:
    """The assignments among a Makefile's logical lines (offset, text); recipe lines (a tab first) and
    `define` blocks are not assignments."""
    values: dict[str, MappedText] = {}
    exported: set[str] = set()
    in_define = False
    for start, line in lines:
        if in_define or re.match(r"^[ \t]*define\b", line):
            in_define = not re.match(r"^[ \t]*endef\b", line) if in_define else True
            continue
        match = _ASSIGNMENT.match(line) if not line.startswith("\t") else None
        if match is None or "#" in line[: match.start("value")]:
            continue
        value = _without_comment(MappedText.plain(match.group("value"), start + match.start("value")))
        name, op = match.group("name"), match.group("op")
        if op == "?=" and name in values:
            continue
        if op == "+=" and name in values:
            previous = values[name]
            blank = MappedText(" ", (previous.span()[1],), (previous.span()[1],))
            value = MappedText(
                previous.text + blank.text + value.text,
                previous.starts + blank.starts + value.starts,
                previous.ends + blank.ends + value.ends,
            )
        values[name] = value
        if "export" in match.group("export").split():
            exported.add(name)
    return MakeVariables(values, frozenset(exported))


def _without_comment(value: MappedText) -> MappedText:
    """make ends a value at an unescaped `#`, and drops the blanks before it."""
    cut = re.search(r"(?<!\\)#", value.text)
    if cut is None:
        return value
    return value.slice(0, len(value.text[: cut.start()].rstrip(" \t")))
