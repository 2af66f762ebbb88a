"""The config files of one workspace and what each holds, kept up to date one file at a time.

The command line fills it once; the language server keeps it and re-reads only the file that changed (from
disk, or the editor's unsaved text), so an edit costs one parse, not a walk of the tree.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.facts import CarriesReferences, Fact, FileReference, Invocation, ParseResult
from ..core.model import ConfigProblem
from ..registry import config_kind_of
from .discover import ConfigFile, discover, kind_of
from .load import QUIET_KINDS, load, parse_text

if TYPE_CHECKING:
    from .child_scan import ChildScan

Parse = Callable[[ConfigFile, str], ParseResult]


class WorkspaceFiles:
    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.results: dict[str, tuple[ConfigFile, ParseResult]] = {}
        self.walk_problems: list[ConfigProblem] = []
        self.reference_problems: list[ConfigProblem] = []
        # Every file a config names, existing or not, with the kind it is read as: one created later (the
        # `proxy.conf.json` angular.json names, written after the first scan) is read when it appears.
        self.referenced: dict[str, tuple[str, str]] = {}  # key -> (path, kind)

    # ---- filling and updating ----------------------------------------------------------------------

    def scan(self, child: ChildScan | None = None, parse: Parse = parse_text) -> None:
        """Walk the workspace and read every config in it, then the files those configs name. `child`: a
        child process already walking and reading this root (`child_scan.py`); in-process if it fails. The
        child leaves out the candidates with nothing to say (10,000 `*.py` of a backend, a command line's
        scan does not look at them again): the facts, problems and named files are those of an in-process
        scan (a named file that is such a candidate is read when named, as `_take` reads any file not
        listed), but `paths()` does not list them."""
        if child is not None and child.root != self.root:
            child.discard()
            child = None
        collected = child.collect(parse) if child is not None else None
        if collected is None:
            discovery = discover(self.root, candidate_sizes=False)  # a candidate's size is checked as it is read
            collected = discovery.problems, load_all(discovery.files, self.root)
        problems, loaded = collected
        self.walk_problems = list(problems)
        # The walk's paths are absolute and normal already (its root joined with names): `_key` minus normpath,
        # and minus normcase where it changes nothing (POSIX: 10,000 calls fewer for 10,000 candidates).
        if _FOLDS_CASE:
            self.results = {os.path.normcase(file.path): (file, result) for file, result in loaded}
        else:
            self.results = {file.path: (file, result) for file, result in loaded}
        self._follow_references()

    def update(self, path: str, text: str | None = None, *, keep_last_good: bool = False) -> bool:
        """Re-read one file (`text`: the editor's unsaved content). True when what it holds changed.
        `keep_last_good`: a result with problems does not replace one without (a half-typed document)."""
        key = _key(path)
        known = self.results.get(key)
        named = self.referenced.get(key)
        kind = known[0].kind if known else (named[1] if named else kind_of(path))
        if kind is None or not _inside(path, self.root):
            return False
        file = ConfigFile(os.path.abspath(path), kind)
        result = parse_text(file, text) if text is not None else load(file, self.root)
        if known is not None and (known[1] == result or (keep_last_good and result.problems and not known[1].problems)):
            return False
        self.results[key] = (file, result)
        self._follow_references()
        return True

    def remove(self, path: str) -> bool:
        """Forget a deleted file. True when it was known."""
        if self.results.pop(_key(path), None) is None:
            return False
        self._follow_references()
        return True

    def is_config(self, path: str) -> bool:
        key = _key(path)
        return key in self.results or key in self.referenced or (kind_of(path) is not None and _inside(path, self.root))

    # ---- reading -----------------------------------------------------------------------------------

    def facts(self) -> list[Fact]:
        # `if`: most results (candidates) hold nothing, and testing that is cheaper than iterating it.
        return [fact for _, result in self.results.values() if result.facts for fact in result.facts]

    def problems(self) -> list[ConfigProblem]:
        found = [problem for _, result in self.results.values() if result.problems for problem in result.problems]
        return self.walk_problems + found + self.reference_problems

    def facts_of(self, path: str) -> list[Fact]:
        known = self.results.get(_key(path))
        return list(known[1].facts) if known is not None else []

    def paths(self) -> list[str]:
        return [file.path for file, _ in self.results.values()]

    def watched_paths(self) -> list[str]:
        """The files whose changes matter: every config read, and every file a config names, even one that
        does not exist yet."""
        return self.paths() + [path for path, _ in self.referenced.values()]

    # ---- files named by other files ----------------------------------------------------------------

    def _follow_references(self) -> None:
        """Load the files configs name (`FileReference` facts: the proxy config angular.json names, the Cloud
        Functions source of firebase.json's rewrites; the scripts commands run) and the env files commands
        name, when discovery did not find them; report the ones that must exist and do not. A weak reference
        (a guess from a name) never takes a file any other reference may name."""
        self.reference_problems = []
        self.referenced = {}
        references: list[FileReference] = []
        for fact in self.facts():
            if isinstance(fact, FileReference):
                references.append(fact)
            elif isinstance(fact, Invocation):
                self._follow_command(fact)
                if isinstance(fact, CarriesReferences):  # asked of commands only: a protocol check costs
                    references.extend(fact.references)
        reserved = {_key(path) for reference in references if not reference.weak for path in reference.candidates}
        followed: set[tuple[tuple[str, ...], str]] = set()
        for reference in sorted(references, key=lambda r: r.weak):  # strong ones first
            if (reference.candidates, reference.kind) in followed:
                continue
            followed.add((reference.candidates, reference.kind))
            if reference.weak and any(_key(path) in reserved for path in reference.candidates):
                continue
            found = any(self._take(path, reference.kind) for path in reference.candidates)  # the first that exists
            if not found and reference.missing is not None:
                self.reference_problems.append(ConfigProblem(reference.location, reference.missing))

    def _follow_command(self, fact: Invocation) -> None:
        """The env files and the config file a command names."""
        for path in fact.env_files:
            if not self._take(path, "dotenv"):
                missing = f"env file {self._shown(path)} does not exist"
                self.reference_problems.append(ConfigProblem(fact.location, missing))
        kind = config_kind_of(fact.tool) if fact.config_file else None  # `gunicorn -c FILE`
        if fact.config_file and kind and not self._take(fact.config_file, kind):
            missing = f"config file {self._shown(fact.config_file)} does not exist"
            self.reference_problems.append(ConfigProblem(fact.location, missing))

    def _shown(self, path: str) -> str:
        return os.path.relpath(path, self.root) if _inside(path, self.root) else path

    def _take(self, path: str, kind: str) -> bool:
        """Make sure a referenced file is loaded; False when it does not exist. A file discovery took for a
        mere candidate (`functions/index.js` as a server's entry point, `config/gunicorn.py` as a possible Flask
        app) is read as the kind the reference names. (Whatever else it is, a FIFO or a folder, loading it says
        why it cannot be read.)"""
        self.referenced.setdefault(_key(path), (path, kind))
        known = self.results.get(_key(path))
        if known is not None and (known[0].kind == kind or known[0].kind not in QUIET_KINDS):
            return True
        if known is None and not os.path.exists(path):
            return False
        file = ConfigFile(path, kind)
        self.results[_key(path)] = (file, load(file, self.root))
        return True


def load_all(files: list[ConfigFile], root: str) -> list[tuple[ConfigFile, ParseResult]]:
    """Every file loaded, in the order given. One thread: reading a few thousand small files is cheap next to
    the interpreter's work around each, and threads only added lock traffic (bench/README.md)."""
    return [(file, load(file, root)) for file in files]


def load_workspace(
    root: str, child: ChildScan | None = None, parse: Parse = parse_text
) -> tuple[list[Fact], list[ConfigProblem]]:
    """Discover and load every config under `root`, and the files those configs name (`child`: a child
    process scanning it already; `parse`: `parse_text`, or one that does more as the child's texts arrive)."""
    files = WorkspaceFiles(root)
    files.scan(child, parse)
    return files.facts(), files.problems()


_FOLDS_CASE = os.path.normcase("A") != "A"  # Windows


def _key(path: str) -> str:
    return os.path.normcase(os.path.normpath(os.path.abspath(path)))


def _inside(path: str, root: str) -> bool:
    path, root = _key(path), _key(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
