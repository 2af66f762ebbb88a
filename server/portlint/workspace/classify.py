"""Which kind of config a file is, decided from its name (and its folder's name) alone: the walk asks this for
every entry of the workspace, so the tables are built once from the registry and each question is a dict
lookup or a few string tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..registry import FILE_KINDS
from ..tools.base import FileKind


class Classifier:
    def __init__(self, kinds: Sequence[FileKind]) -> None:
        self.by_name = {name: k.kind for k in kinds if not k.folder for name in k.names}
        self._suffixes = tuple((k.suffix, k.kind) for k in kinds if k.suffix and not k.folder)
        self._any_suffix = tuple(suffix for suffix, _ in self._suffixes)
        # The same as a dict by a name's extension (the text from its last dot) when every suffix is one.
        self.by_extension = {suffix: kind for suffix, kind in reversed(self._suffixes)}
        if not all(_is_extension(suffix) for suffix in self.by_extension):
            self.by_extension = {}
        self._names_in_folder = {(k.folder, name): k.kind for k in kinds if k.folder for name in k.names}
        self._suffixes_in_folder = tuple((k.folder, k.suffix, k.kind) for k in kinds if k.folder and k.suffix)
        # The folder names some kind needs, each with the kind of a file in it (see `_in_folder`).
        self.in_folder = {k.folder: self._in_folder(k.folder) for k in kinds if k.folder}
        self._tests = tuple((k.matches, k.kind) for k in kinds if k.matches is not None)
        self.quiet = frozenset(k.kind for k in kinds if k.quiet)
        self.reported = frozenset(k.kind for k in kinds if not k.quiet)  # oversize files get a problem
        self.never_ignored = frozenset(k.kind for k in kinds if k.never_ignored)

    def by_suffix(self, name: str) -> str | None:
        """The kind of a name by its ending alone (`*.py`): asked before "is it a folder?", as it is cheaper."""
        if not name.endswith(self._any_suffix):  # one test for most names
            return None
        for suffix, kind in self._suffixes:
            if name.endswith(suffix):
                return kind
        return None

    def by_test(self, name: str) -> str | None:
        """The kind a test on the name alone gives it (proxy configs' many spellings), for files only."""
        for matches, kind in self._tests:
            if matches(name):
                return kind
        return None

    def _in_folder(self, folder_name: str) -> Callable[[str, str | None], str | None]:
        """The kind of a file in a folder some kind needs (`bin/`, `.vscode/`, `src/`) from its name and the kind
        `by_test` gave it: the folder's names first, then the test, then the folder's suffixes
        (`services/index.js` is a server's entry)."""
        names = {name: kind for (folder, name), kind in self._names_in_folder.items() if folder == folder_name}
        suffixes = tuple((suffix, kind) for folder, suffix, kind in self._suffixes_in_folder if folder == folder_name)

        def kind_in_folder(name: str, tested: str | None) -> str | None:
            kind = names.get(name) or tested
            if kind is None:
                for suffix, suffix_kind in suffixes:
                    if name.endswith(suffix):
                        return suffix_kind
            return kind

        return kind_in_folder

    def by_other_rules(self, name: str, folder_name: str) -> str | None:
        """The kinds that need a test on the name or the folder's name (proxy configs, .vscode/launch.json)."""
        tested = self.by_test(name)
        in_folder = self.in_folder.get(folder_name)
        return tested if in_folder is None else in_folder(name, tested)

    def kind_of(self, name: str, folder_name: str) -> str | None:
        return self.by_name.get(name) or self.by_suffix(name) or self.by_other_rules(name, folder_name)


def _is_extension(suffix: str) -> bool:
    return len(suffix) > 1 and suffix.rfind(".") == 0


CLASSIFIER = Classifier(FILE_KINDS)
