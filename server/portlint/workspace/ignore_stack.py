"""The `.gitignore` files in force in one folder of the walk, and the question the walk asks of each entry.

Most entries of a workspace match no pattern by their name alone: the names and `*.suffix` endings of every
.gitignore in force are gathered once per stack (a stack changes only in a folder holding a .gitignore), so
an entry costs a set lookup and one `str.endswith` before any path is built.
"""

from __future__ import annotations

from msgspec import Struct

from .gitignore import IgnoreRules, NameFilter
from .read import read_regular_file


class GitIgnore(Struct, frozen=True):
    """One .gitignore: its folder relative to the root ("" or ending in "/"), and its patterns."""

    base: str
    rules: IgnoreRules

    def decides(self, rel: str) -> bool | None:
        """True: ignored, False: re-included by a negation, None: no pattern here matches."""
        return self.rules.decides(rel[len(self.base) :])


def read_gitignore(path: str, base: str) -> GitIgnore | None:
    """The patterns of one .gitignore, or None when it is unreadable or has none. Lines that can match
    nothing (an unterminated `[`) are dropped, as git does."""
    data = read_regular_file(path)
    if not isinstance(data, bytes):
        return None
    rules = IgnoreRules(data)
    return GitIgnore(base, rules) if len(rules) else None


class _AnyName:
    """Whether a name may be matched by one of several name filters: their union, told in two C calls unless
    one of them needs its wildcard pieces tested (or the union is too large to copy into every nested stack:
    then each .gitignore's own filter is asked)."""

    __slots__ = ("names", "suffixes", "tested")
    _MOST = 2000  # names and suffixes: a union of a generated 50,000-line .gitignore is not worth copying

    def __init__(self, filters: list[NameFilter]) -> None:
        self.tested = any(f.everything or f.pieces for f in filters)
        self.tested = self.tested or sum(len(f.names) + len(f.suffixes) for f in filters) > self._MOST
        self.names: frozenset[str] = frozenset() if self.tested else frozenset().union(*(f.names for f in filters))
        self.suffixes = () if self.tested else tuple(suffix for f in filters for suffix in f.suffixes)

    def may_match(self, name: str) -> bool:
        return self.tested or name in self.names or name.endswith(self.suffixes)


class IgnoreStack:
    """The .gitignore files in force, nearest last."""

    __slots__ = ("files", "folders", "gitignores")

    def __init__(self, gitignores: tuple[GitIgnore, ...] = ()) -> None:
        self.gitignores = gitignores
        self.files = _AnyName([g.rules.file_names for g in gitignores])
        self.folders = _AnyName([g.rules.folder_names for g in gitignores])

    def __bool__(self) -> bool:
        return bool(self.gitignores)

    def plus(self, gitignore: GitIgnore) -> IgnoreStack:
        return IgnoreStack((*self.gitignores, gitignore))

    def ignores(self, rel_folder: str, name: str, is_folder: bool) -> bool:
        """Whether git ignores the entry `name` of the folder `rel_folder` (relative to the root, ending in
        "/"): the nearest .gitignore with a matching pattern decides, and within one file the last matching
        pattern (negations included). The path is built only for a .gitignore with a pattern that may match
        the name."""
        if not (self.folders if is_folder else self.files).may_match(name):
            return False
        for gitignore in reversed(self.gitignores):
            if gitignore.rules.may_match(name, is_folder) and rel_folder.startswith(gitignore.base):
                decision = gitignore.decides(rel_folder + name + "/" if is_folder else rel_folder + name)
                if decision is not None:
                    return decision
        return False


NO_IGNORES = IgnoreStack()
