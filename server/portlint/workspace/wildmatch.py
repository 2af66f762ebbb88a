"""git's wildmatch for one piece of a pattern (what lies between two slashes), on bytes as git reads them.

A piece is cut at its stars into fixed-length chunks; the chunks are placed leftmost first, which is always
right because each has a fixed length, so a piece costs at most (piece length × name length), never the
exponential search of a backtracking regex. Rules from git's wildmatch.c (2.39): `*` and `?` never match `/`;
`[...]` (`!` or `^` negates; ranges, `[:alpha:]` classes, `\\` escapes) never matches `/`; `**` between
slashes (or at an end) crosses folders, elsewhere it is `*`; an unterminated `[` or a trailing `\\` match
nothing.
"""

from __future__ import annotations

import re

from msgspec import Struct

STAR, DOUBLE_STAR, SLASH = "*", "**", "/"
_SLASH_BYTE, _BACKSLASH, _STAR_BYTE, _QUESTION, _OPEN = (ord(c) for c in "/\\*?[")
WILDCARD = re.compile(rb"[*?\[\\]")

# Byte classes as git's sane ctype defines them (ASCII only).
_ALPHA = frozenset(range(65, 91)) | frozenset(range(97, 123))
_DIGIT = frozenset(range(48, 58))
_PUNCT = frozenset(b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_POSIX_CLASSES: dict[bytes, frozenset[int]] = {
    b"alnum": _ALPHA | _DIGIT,
    b"alpha": _ALPHA,
    b"blank": frozenset(b" \t"),
    b"cntrl": frozenset(range(32)) | {127},
    b"digit": _DIGIT,
    b"graph": frozenset(range(33, 127)),
    b"lower": frozenset(range(97, 123)),
    b"print": frozenset(range(32, 127)),
    b"punct": _PUNCT,
    b"space": frozenset(b" \t\n\r"),
    b"upper": frozenset(range(65, 91)),
    b"xdigit": _DIGIT | frozenset(b"abcdefABCDEF"),
}
_ANY_BUT_SLASH = frozenset(range(256)) - {ord("/")}


class Unmatchable(Exception):
    """A pattern that can match nothing (an unterminated `[`, a trailing backslash)."""


# A token: a byte, a set of bytes (one out of these), STAR, DOUBLE_STAR (a `**` git lets cross slashes) or
# SLASH.
Token = int | frozenset[int] | str


def tokenize(pattern: bytes) -> list[Token]:
    tokens: list[Token] = []
    i, size = 0, len(pattern)
    while i < size:
        byte = pattern[i]
        if byte == _BACKSLASH:
            if i + 1 >= size:
                raise Unmatchable
            i += 1
            tokens.append(SLASH if pattern[i] == _SLASH_BYTE else pattern[i])
        elif byte == _SLASH_BYTE:
            tokens.append(SLASH)
        elif byte == _QUESTION:
            tokens.append(_ANY_BUT_SLASH)
        elif byte == _OPEN:
            members, i = _bracket(pattern, i + 1)
            tokens.append(members)
            continue
        elif byte == _STAR_BYTE:
            end = i
            while end < size and pattern[end] == _STAR_BYTE:
                end += 1
            tokens.append(DOUBLE_STAR if end - i > 1 and _flanked(pattern, i, end) else STAR)
            i = end
            continue
        else:
            tokens.append(byte)
        i += 1
    return tokens


def _flanked(pattern: bytes, start: int, end: int) -> bool:
    """A run of stars at the start or after `/`, and at the end or before `/` (or `\\/`)."""
    before = start == 0 or pattern[start - 1] == _SLASH_BYTE
    after = end == len(pattern) or pattern[end] == _SLASH_BYTE or pattern[end : end + 2] == b"\\/"
    return before and after


def _bracket(pattern: bytes, i: int) -> tuple[frozenset[int], int]:
    """The bytes a `[...]` starting at `i` (just past the `[`) matches, and the index past its `]`."""
    size = len(pattern)
    negated = i < size and pattern[i] in b"!^"
    i += negated
    members: set[int] = set()
    previous = 0  # the byte before, for a range; 0 after a range or a class, as in git
    first = True
    while True:
        if i >= size:
            raise Unmatchable
        byte = pattern[i]
        if byte == ord("]") and not first:
            break
        first = False
        current = byte
        if byte == ord("\\"):
            i += 1
            if i >= size:
                raise Unmatchable
            current = pattern[i]
            members.add(current)
        elif byte == ord("-") and previous and i + 1 < size and pattern[i + 1] != ord("]"):
            i += 1
            high = pattern[i]
            if high == ord("\\"):
                i += 1
                if i >= size:
                    raise Unmatchable
                high = pattern[i]
            members.update(range(previous, high + 1))
            current = 0
        elif byte == ord("[") and pattern[i + 1 : i + 2] == b":":
            close = pattern.find(b"]", i + 2)
            if close < 0:
                raise Unmatchable
            name = pattern[i + 2 : close - 1]
            if close - 1 < i + 2 or pattern[close - 1] != ord(":"):
                members.add(byte)  # not a [:class:]: a plain `[`
            elif name in _POSIX_CLASSES:
                members.update(_POSIX_CLASSES[name])
                current, i = 0, close
            else:
                raise Unmatchable  # git: a malformed [:class:] aborts the match
        else:
            members.add(byte)
        previous = current
        i += 1
    chosen = (frozenset(range(256)) - members) if negated else frozenset(members)
    return chosen - {ord("/")}, i + 1


class _Wild(Struct, frozen=True):
    """A fixed-length run holding `?` or `[...]`: each position a byte or a set of bytes. Compared byte by
    byte (a regex per pattern would cost more to compile than a walk spends matching)."""

    tokens: tuple[int | frozenset[int], ...]

    def at(self, text: bytes, start: int) -> bool:
        if start + len(self.tokens) > len(text):
            return False
        for offset, token in enumerate(self.tokens):
            byte = text[start + offset]
            if byte != token if isinstance(token, int) else byte not in token:
                return False
        return True


Chunk = bytes | _Wild  # what lies between two stars: literal bytes, or a run with wildcards


def _chunk(tokens: list[Token]) -> Chunk:
    if all(isinstance(token, int) for token in tokens):
        return bytes(token for token in tokens if isinstance(token, int))
    return _Wild(tuple(token for token in tokens if not isinstance(token, str)))


def _starts(chunk: Chunk, text: bytes) -> bool:
    return text.startswith(chunk) if isinstance(chunk, bytes) else chunk.at(text, 0)


def _find(chunk: Chunk, text: bytes, start: int, end: int) -> int:
    """Where the leftmost place of `chunk` within text[start:end] ends, or -1."""
    if isinstance(chunk, bytes):
        found = text.find(chunk, start, end)
        return found + len(chunk) if found >= 0 else -1
    size = len(chunk.tokens)
    for place in range(start, end - size + 1):
        if chunk.at(text, place):
            return place + size
    return -1


def _is_rest(chunk: Chunk, text: bytes, start: int) -> bool:
    if isinstance(chunk, bytes):
        return len(text) - start == len(chunk) and text.startswith(chunk, start)
    return len(text) - start == len(chunk.tokens) and chunk.at(text, start)


class Piece(Struct, frozen=True):
    """What lies between two slashes of a pattern: fixed-length chunks with a star between each two."""

    chunks: tuple[Chunk, ...]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, tokens: list[Token]) -> Piece:
        runs: list[list[Token]] = [[]]
        for token in tokens:
            if isinstance(token, str):  # a star (a `**` inside a piece is a star)
                runs.append([])
            else:
                runs[-1].append(token)
        return cls(tuple(_chunk(run) for run in runs), tuple(len(run) for run in runs))

    @property
    def literal(self) -> bytes | None:
        """The piece itself when it holds no wildcard."""
        only = self.chunks[0]
        return only if len(self.chunks) == 1 and isinstance(only, bytes) else None

    @property
    def suffix(self) -> bytes | None:
        """`*.log`: what a name must end with, when that is all the piece says."""
        head, tail = self.chunks[0], self.chunks[-1]
        return tail if len(self.chunks) == 2 and head == b"" and isinstance(tail, bytes) else None

    def matches(self, text: bytes) -> bool:
        chunks, lengths = self.chunks, self.lengths
        if len(chunks) == 1:
            return _is_rest(chunks[0], text, 0)
        if len(text) < sum(lengths) or not _starts(chunks[0], text):
            return False
        position, end = lengths[0], len(text) - lengths[-1]
        for chunk in chunks[1:-1]:  # each at its leftmost place: that leaves the most room to the rest
            position = _find(chunk, text, position, end)
            if position < 0:
                return False
        return _is_rest(chunks[-1], text, end)


def literal_runs(chunk: Chunk) -> list[bytes]:
    """The stretches of plain bytes in a chunk, first to last (empty ones included)."""
    if isinstance(chunk, bytes):
        return [chunk]
    runs: list[list[int]] = [[]]
    for token in chunk.tokens:
        if isinstance(token, int):
            runs[-1].append(token)
        else:
            runs.append([])
    return [bytes(run) for run in runs]
