"""`.gitignore` patterns matched as git matches them, in time that grows with the pattern and the path, never
exponentially.

Translating globs into backtracking regexes (what pathspec does) lets one line freeze a walk:
`*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c` against a name of 40 `a`s tries every way to split it. Here a path is
cut at its slashes and each piece is matched against the pattern's piece between two slashes
(`portlint.workspace.wildmatch`); `**` between slashes takes whole pieces: a small table of (pattern piece,
path piece).

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
from collections.abc import Iterable

from msgspec import Struct

from .wildmatch import DOUBLE_STAR, SLASH, WILDCARD, Piece, Token, Unmatchable, literal_runs, tokenize

# ---- one pattern ---------------------------------------------------------------------------------


class Pattern(Struct, frozen=True):
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
    if WILDCARD.search(body) is None:  # most lines: plain names and paths, no need to tokenize
        pieces = tuple(Piece((part,), (len(part),)) for part in body.split(b"/"))
        return Pattern(negated, folders_only, name_only, pieces, max(body.split(b"/"), key=len))
    try:
        tokens = tokenize(body)
    except Unmatchable:
        return None
    split: list[list[Token]] = [[]]
    for token in tokens:
        if token == SLASH:
            split.append([])
        else:
            split[-1].append(token)
    compiled = tuple(None if piece == [DOUBLE_STAR] and not name_only else Piece.of(piece) for piece in split)
    literals = [run for p in compiled if p is not None for c in p.chunks for run in literal_runs(c)]
    return Pattern(negated, folders_only, name_only, compiled, max(literals, key=len, default=b""))


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

        # A pattern matches a path only if its last piece matches the path's last name: told first, on the
        # name as the walk has it, this spares most paths the full check.
        self.file_names = NameFilter(p for p in self.patterns if not p.folders_only)
        self.folder_names = NameFilter(self.patterns)

    def __len__(self) -> int:
        return len(self.patterns)

    def may_match(self, name: str, is_folder: bool) -> bool:
        """False when no pattern can match a file (or folder) of this name, wherever it lies: a cheap test
        before `decides`."""
        return (self.folder_names if is_folder else self.file_names).may_match(name)

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
        if not self.may_match(path.rstrip("/").rpartition("/")[2], is_folder):
            return None
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


class NameFilter:
    """Whether a name may be matched by one of some patterns, told from their last pieces alone: plain names
    and `*.suffix` pieces (ASCII, so testing the str is testing its bytes) by a set and `str.endswith`, a
    few other pieces one by one; a pattern ending in `**`, or many wildcard pieces, let every name through."""

    _MOST_TESTED = 8  # more pieces than this cost more to test than the full check they would spare

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        names: set[str] = set()
        suffixes: list[str] = []
        self.pieces: list[Piece] = []
        self.everything = False
        for pattern in patterns:
            last = pattern.pieces[-1]
            if last is None:  # `out/**`: any name inside
                self.everything = True
                break
            literal, suffix = last.literal, last.suffix
            if literal is not None and literal.isascii():
                names.add(literal.decode())
            elif suffix is not None and suffix.isascii():
                suffixes.append(suffix.decode())
            else:
                self.pieces.append(last)
        self.everything = self.everything or len(self.pieces) > self._MOST_TESTED
        self.names = frozenset(names)
        self.suffixes = tuple(suffixes)

    def may_match(self, name: str) -> bool:
        if self.everything or name in self.names or name.endswith(self.suffixes):
            return True
        if not self.pieces:
            return False
        encoded = os.fsencode(name)
        return any(piece.matches(encoded) for piece in self.pieces)


def _end_key(pattern: Pattern) -> tuple[str, bytes] | None:
    """The literal bytes (one or two) a name or path must start or end with to match `pattern`, if any."""
    first, last = pattern.pieces[0], pattern.pieces[-1]
    where = "name" if pattern.name_only else "path"
    head = literal_runs(first.chunks[0])[0] if first is not None else b""
    if head:
        return (f"{where}<", head[:2])
    tail = literal_runs(last.chunks[-1])[-1] if last is not None else b""
    if tail:
        return (f"{where}>", tail[-2:])
    return None
