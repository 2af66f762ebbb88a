"""`.gitignore` patterns matched as git matches them, in time that grows with the pattern and the path, never
exponentially.

Translating globs into backtracking regexes (what pathspec does) lets one line freeze a walk:
`*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c` against a name of 40 `a`s tries every way to split it. Here a path is
cut at its slashes and each piece is matched against the pattern's piece between two slashes; within a piece
the stars are placed greedily, leftmost first, which is always right because everything between two stars
has a fixed length. `**` between slashes takes whole pieces: a small table of (pattern piece, path piece).

git's rules, from dir.c and wildmatch.c (git 2.39), on bytes as git reads them:
- a line is a pattern unless blank or starting with `#`; a trailing CR and unescaped trailing spaces go;
  `!` negates, `\\` escapes the next byte (`\\#`, `\\!`, `\\ `);
- a trailing `/` matches folders only; a pattern with no other `/` matches the name at any depth, else the
  path relative to the .gitignore's folder (one leading `/` only anchors it);
- `*` and `?` never match `/`; `[...]` (`!` or `^` negates; ranges, `[:alpha:]` classes, `\\` escapes)
  never matches `/`; `**` between slashes (or at an end) matches any number of folders, elsewhere it is `*`;
  an unterminated `[` or a trailing `\\` match nothing;
- the last matching pattern decides.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_STAR, _DOUBLE_STAR, _SLASH = "*", "**", "/"
_SLASH_BYTE, _BACKSLASH, _STAR_BYTE, _QUESTION, _OPEN = (ord(c) for c in "/\\*?[")
_WILDCARD = re.compile(rb"[*?\[\\]")

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


class _Never(Exception):
    """A pattern that can match nothing (an unterminated `[`, a trailing backslash)."""


# A token: a byte, a set of bytes (one out of these), _STAR, _DOUBLE_STAR (a `**` git lets cross slashes) or
# _SLASH.
Token = int | frozenset[int] | str


def _tokens(pattern: bytes) -> list[Token]:
    tokens: list[Token] = []
    i, size = 0, len(pattern)
    while i < size:
        byte = pattern[i]
        if byte == _BACKSLASH:
            if i + 1 >= size:
                raise _Never
            i += 1
            tokens.append(_SLASH if pattern[i] == _SLASH_BYTE else pattern[i])
        elif byte == _SLASH_BYTE:
            tokens.append(_SLASH)
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
            tokens.append(_DOUBLE_STAR if end - i > 1 and _flanked(pattern, i, end) else _STAR)
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
            raise _Never
        byte = pattern[i]
        if byte == ord("]") and not first:
            break
        first = False
        current = byte
        if byte == ord("\\"):
            i += 1
            if i >= size:
                raise _Never
            current = pattern[i]
            members.add(current)
        elif byte == ord("-") and previous and i + 1 < size and pattern[i + 1] != ord("]"):
            i += 1
            high = pattern[i]
            if high == ord("\\"):
                i += 1
                if i >= size:
                    raise _Never
                high = pattern[i]
            members.update(range(previous, high + 1))
            current = 0
        elif byte == ord("[") and pattern[i + 1 : i + 2] == b":":
            close = pattern.find(b"]", i + 2)
            if close < 0:
                raise _Never
            name = pattern[i + 2 : close - 1]
            if close - 1 < i + 2 or pattern[close - 1] != ord(":"):
                members.add(byte)  # not a [:class:]: a plain `[`
            elif name in _POSIX_CLASSES:
                members.update(_POSIX_CLASSES[name])
                current, i = 0, close
            else:
                raise _Never  # git: a malformed [:class:] aborts the match
        else:
            members.add(byte)
        previous = current
        i += 1
    chosen = (frozenset(range(256)) - members) if negated else frozenset(members)
    return chosen - {ord("/")}, i + 1


# ---- one piece between slashes ------------------------------------------------------------------


@dataclass(frozen=True)
class _Wild:
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


@dataclass(frozen=True)
class Piece:
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


# ---- one pattern ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    negated: bool
    folders_only: bool  # a trailing `/`
    name_only: bool  # no other `/`: matches the name at any depth
    pieces: tuple[Piece | None, ...]  # None: a `**` between slashes
    needle: bytes  # its longest literal run: a name (or path) without it cannot match

    @property
    def literal(self) -> bytes | None:
        """The whole pattern when it holds no wildcard (then a dict lookup finds it)."""
        parts = [piece.literal if piece is not None else None for piece in self.pieces]
        return None if any(part is None for part in parts) else b"/".join(part for part in parts if part is not None)

    def matches(self, pieces: list[bytes]) -> bool:
        """Whether the path, cut at its slashes (relative to the .gitignore's folder), matches."""
        if self.name_only:
            piece = self.pieces[0]
            return piece is not None and piece.matches(pieces[-1])
        if None not in self.pieces:
            return len(pieces) == len(self.pieces) and all(
                p is not None and p.matches(text) for p, text in zip(self.pieces, pieces, strict=True)
            )
        return _match_with_double_stars(self.pieces, pieces)


def _match_with_double_stars(patterns: tuple[Piece | None, ...], pieces: list[bytes]) -> bool:
    """The pattern's pieces against the path's; a `**` takes any number of whole pieces (at least one at the
    end: `out/**` matches what is inside `out`, not `out`)."""
    last = len(patterns)

    def closure(states: set[int]) -> set[int]:
        for index in sorted(states):
            while index < last - 1 and patterns[index] is None:  # `**/` may take nothing
                index += 1
                states.add(index)
        return states

    states = closure({0})
    for text in pieces:
        following: set[int] = set()
        for index in states:
            if index == last:
                continue
            piece = patterns[index]
            if piece is None:
                following.update((index, index + 1))
            elif piece.matches(text):
                following.add(index + 1)
        states = closure(following)
        if not states:
            return False
    return last in states


def parse_line(line: bytes) -> Pattern | None:
    """One line of a .gitignore (without its newline) as git reads it; None for blanks, comments and lines
    that can match nothing."""
    line = _trim_trailing_spaces(line.split(b"\0", 1)[0])
    if not line or line.startswith(b"#"):
        return None
    negated = line.startswith(b"!")
    body = line[1:] if negated else line
    folders_only = body.endswith(b"/")
    if folders_only:
        body = body[:-1]
    name_only = b"/" not in body  # as git looks: a slash anywhere, even escaped or in brackets
    anchored = body.startswith(b"/")
    if anchored:
        body = body[1:]  # a leading slash only anchors the pattern to its folder
    if not body:
        return None
    if _WILDCARD.search(body) is None:  # most lines: plain names and paths, no need to tokenize
        pieces = tuple(Piece((part,), (len(part),)) for part in body.split(b"/"))
        return Pattern(negated, folders_only, name_only, pieces, max(body.split(b"/"), key=len))
    try:
        tokens = _tokens(body)
    except _Never:
        return None
    split: list[list[Token]] = [[]]
    for token in tokens:
        if token == _SLASH:
            split.append([])
        else:
            split[-1].append(token)
    compiled = tuple(None if piece == [_DOUBLE_STAR] and not name_only else Piece.of(piece) for piece in split)
    literals = [run for p in compiled if p is not None for c in p.chunks for run in _literal_runs(c)]
    return Pattern(negated, folders_only, name_only, compiled, max(literals, key=len, default=b""))


def _literal_runs(chunk: Chunk) -> list[bytes]:
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


def _trim_trailing_spaces(line: bytes) -> bytes:
    """git's trim_trailing_spaces: trailing blanks go, unless the first of them is escaped."""
    end = len(line)
    while end and line[end - 1] == ord(" "):
        end -= 1
    if end == len(line):
        return line
    backslashes = 0
    while end - backslashes > 0 and line[end - backslashes - 1] == ord("\\"):
        backslashes += 1
    return line[: end + 1] if backslashes % 2 else line[:end]


# ---- one .gitignore --------------------------------------------------------------------------------


class IgnoreRules:
    """The patterns of one .gitignore, indexed so that a path costs a few dict lookups plus the patterns
    with wildcards, not a scan of every line."""

    def __init__(self, data: bytes) -> None:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        self.patterns: list[Pattern] = []
        self._names: dict[bytes, list[int]] = {}  # literal name patterns
        self._paths: dict[bytes, list[int]] = {}  # literal path patterns
        self._suffixes: dict[bytes, list[int]] = {}  # `*.log`: a name ending so
        self._suffix_lengths: set[int] = set()
        # The rest, asked one by one: by the bytes they need at the start or the end of the name (or path).
        self._by_end: dict[tuple[str, bytes], list[int]] = {}
        self._others: list[int] = []  # no such bytes: asked for every path
        for line in data.split(b"\n"):
            pattern = parse_line(line[:-1] if line.endswith(b"\r") else line)
            if pattern is not None:
                self._index(len(self.patterns), pattern)
                self.patterns.append(pattern)

    def __len__(self) -> int:
        return len(self.patterns)

    def _index(self, number: int, pattern: Pattern) -> None:
        literal = pattern.literal
        if literal is not None:
            (self._names if pattern.name_only else self._paths).setdefault(literal, []).append(number)
            return
        first = pattern.pieces[0]
        if pattern.name_only and first is not None and first.suffix is not None:
            self._suffixes.setdefault(first.suffix, []).append(number)
            self._suffix_lengths.add(len(first.suffix))
            return
        key = _end_key(pattern)
        (self._by_end.setdefault(key, []) if key else self._others).append(number)

    def decides(self, path: str) -> bool | None:
        """True: ignored, False: re-included by a negation, None: no pattern matches. `path` is relative to
        the .gitignore's folder, with "/" between names; a folder's ends in "/"."""
        is_folder = path.endswith("/")
        pieces = os.fsencode(path.rstrip("/")).split(b"/")
        name, whole = pieces[-1], b"/".join(pieces)
        candidates = [*self._names.get(name, ()), *self._paths.get(whole, ())]
        for length in self._suffix_lengths:
            if len(name) >= length:
                candidates.extend(self._suffixes.get(name[len(name) - length :], ()))
        best = -1
        for number in candidates:
            if number > best and (is_folder or not self.patterns[number].folders_only):
                best = number
        for numbers in self._lists_for(name, whole):
            for number in reversed(numbers):
                if number <= best:
                    break
                pattern = self.patterns[number]
                if pattern.needle not in (name if pattern.name_only else whole):
                    continue
                if (is_folder or not pattern.folders_only) and pattern.matches(pieces):
                    best = number
                    break
        return None if best < 0 else not self.patterns[best].negated

    def _lists_for(self, name: bytes, whole: bytes) -> list[list[int]]:
        keys = [("name<", name[:1]), ("name<", name[:2]), ("name>", name[-1:]), ("name>", name[-2:])]
        keys += [("path<", whole[:1]), ("path<", whole[:2]), ("path>", whole[-1:]), ("path>", whole[-2:])]
        found = [self._by_end[key] for key in set(keys) if key in self._by_end]
        return [*found, self._others]


def _end_key(pattern: Pattern) -> tuple[str, bytes] | None:
    """The literal bytes (one or two) a name or path must start or end with to match `pattern`, if any."""
    first, last = pattern.pieces[0], pattern.pieces[-1]
    where = "name" if pattern.name_only else "path"
    head = _literal_runs(first.chunks[0])[0] if first is not None else b""
    if head:
        return (f"{where}<", head[:2])
    tail = _literal_runs(last.chunks[-1])[-1] if last is not None else b""
    if tail:
        return (f"{where}>", tail[-2:])
    return None
