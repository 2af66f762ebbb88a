"""Compose's variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
`${VAR:+alt}`, `$$`), keeping for every character of the result the span of the raw text it came from, so
a port from a default can still be located. A variable's value points at the whole `${...}`; its token, when
a file holds the value, is reported with it."""

from __future__ import annotations

import re
from collections.abc import Callable

from msgspec import Struct, field

from ...core.facts import Token

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", "-", ":?", "?", ":+", "+")

Lookup = Callable[[str], "tuple[str, Token | None] | None"]  # a variable's value and its token, None if unset


class Interpolated(Struct):
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)  # per character: its raw span
    tokens: list[Token | None] = field(default_factory=list)  # per character: the variable's token it is from

    def add(self, text: str, start: int, end: int, each: bool, token: Token | None = None) -> None:
        for i, ch in enumerate(text):
            self.text += ch
            self.spans.append((start + i, start + i + 1) if each else (start, end))
            self.tokens.append(token)


class Unresolvable(Exception):
    """`${VAR:?error}` with VAR unset, or a `$` compose refuses: compose stops."""


def interpolate(raw: str, lookup: Lookup) -> Interpolated:
    out = Interpolated()
    _into(out, raw, 0, len(raw), lookup)
    return out


def _into(out: Interpolated, raw: str, start: int, end: int, lookup: Lookup) -> None:
    i = start
    while i < end:
        if raw[i] != "$":
            out.add(raw[i], i, i + 1, True)
            i += 1
        elif raw.startswith("$$", i):
            out.add("$", i, i + 2, False)
            i += 2
        elif (name := _NAME.match(raw, i + 1, end)) is not None:
            _value(out, name.group(), None, "", i, name.end(), lookup)
            i = name.end()
        elif raw.startswith("${", i):
            i = _braced(out, raw, i, end, lookup)
        else:
            raise Unresolvable(f"invalid interpolation at {raw[i:end]!r}")


def _braced(out: Interpolated, raw: str, start: int, end: int, lookup: Lookup) -> int:
    name = _NAME.match(raw, start + 2, end)
    if name is None:
        raise Unresolvable(f"invalid interpolation at {raw[start:end]!r}")
    close = _closing(raw, name.end(), end)
    operator = next((op for op in _OPERATORS if raw.startswith(op, name.end())), None)
    word_start = name.end() + len(operator) if operator is not None else name.end()
    if operator is None and word_start != close:
        raise Unresolvable(f"invalid interpolation at {raw[start : close + 1]!r}")
    _value(out, name.group(), operator, (word_start, close), start, close + 1, lookup, raw)
    return close + 1


def _closing(raw: str, i: int, end: int) -> int:
    depth = 1
    while i < end:
        if raw.startswith("${", i):
            depth, i = depth + 1, i + 2
            continue
        if raw[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise Unresolvable("an unclosed ${")


def _value(
    out: Interpolated,
    name: str,
    operator: str | None,
    word: tuple[int, int] | str,
    start: int,
    end: int,
    lookup: Lookup,
    raw: str = "",
) -> None:
    found = lookup(name)
    is_set = found is not None
    non_empty = found is not None and found[0] != ""
    use_word = (
        (operator == ":-" and not non_empty)
        or (operator == "-" and not is_set)
        or (operator == ":+" and non_empty)
        or (operator == "+" and is_set)
    )
    if operator in (":?", "?") and not (non_empty if operator == ":?" else is_set):
        raise Unresolvable(f"{name} is required")
    if use_word and isinstance(word, tuple):
        _into(out, raw, word[0], word[1], lookup)  # the word is interpolated too
    elif not use_word and operator not in (":+", "+") and found is not None:
        out.add(found[0], start, end, False, found[1])
