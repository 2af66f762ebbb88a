"""Which kind of config a file is, decided from its name (and its folder's name) alone: the walk asks this for
every entry of the workspace, so the tables are built once from the registry and each question is a dict
lookup or a few string tests."""

from __future__ import annotations

from collections.abc import Sequence

from ..registry import FILE_KINDS
from ..tools.base import FileKind


class Classifier:
    def __init__(self, kinds: Sequence[FileKind]) -> None:
        self.by_name = {name: k.kind for k in kinds if not k.folder for name in k.names}
        self._suffixes = tuple((k.suffix, k.kind) for k in kinds if k.suffix and not k.folder)
        self._any_suffix = tuple(suffix for suffix, _ in self._suffixes)
        self._names_in_folder = {(k.folder, name): k.kind for k in kinds if k.folder for name in k.names}
        self._suffixes_in_folder = tuple((k.folder, k.suffix, k.kind) for k in kinds if k.folder and k.suffix)
        self._rule_folders = frozenset(k.folder for k in kinds if k.folder)  # folder names some kind needs
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

    def by_other_rules(self, name: str, folder_name: str) -> str | None:
        """The kinds that need a test on the name or the folder's name (proxy configs, .vscode/launch.json)."""
        in_rule_folder = folder_name in self._rule_folders
        if in_rule_folder:
            kind = self._names_in_folder.get((folder_name, name))
            if kind is not None:
                return kind
        for matches, kind in self._tests:  # before a folder's suffix: `services/index.js` is a server's entry
            if matches(name):
                return kind
        if in_rule_folder:
            for folder, suffix, kind in self._suffixes_in_folder:
                if folder_name == folder and name.endswith(suffix):
                    return kind
        return None

    def kind_of(self, name: str, folder_name: str) -> str | None:
        return self.by_name.get(name) or self.by_suffix(name) or self.by_other_rules(name, folder_name)


CLASSIFIER = Classifier(FILE_KINDS)
