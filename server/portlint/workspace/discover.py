"""Finding the config files of a workspace: one fast walk that prunes what no dev server reads.

The walk is iterative `os.scandir` over plain strings: the d_type that `scandir` already returns answers
"file or folder?" without a stat call, and one dict lookup what the name means (`portlint.workspace.names`).
Only files whose *name* marks them as a config are stat-ed (for their size; candidates such as `*.py` not
even those, see `Discovery.candidate_sizes`), and no plain folder is (its identity, for loop detection, is
the listing's d_ino). Pruning happens by folder name first (node_modules, virtualenvs, build output,
caches), then by `.gitignore` files, matched with git's own semantics relative to their own folder
(`portlint.workspace.gitignore`, `portlint.workspace.ignore_stack`).

Decisions worth knowing:
- Folder symlinks are followed only when they lead inside the workspace (a link to `/` must not turn a
  walk into a scan of the disk); every folder is visited once, by (st_dev, st_ino), so links to a parent
  or a sibling cannot loop or duplicate files. Linked folders are walked last, so a file reachable both
  ways is reported under its real path.
- `.gitignore` prunes folders and files, except `.vscode/` and its launch.json (often ignored) and
  `.env`/`.flaskenv` (routinely ignored, yet Flask reads them). `.git/info/exclude`, the user's global
  excludes and `.gitignore` files above the workspace root are not consulted.
- `.env.local`, `.env.production`, ... are not discovered: Flask reads only `.flaskenv` and `.env` by
  itself; other env files matter only when a command names them (`--env-file`), and
  `portlint.workspace.files` loads those.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterator

from msgspec import Struct, field

from ..core.model import ZERO_RANGE, ConfigProblem, Location
from .classify import CLASSIFIER
from .ignore_stack import NO_IGNORES, GitIgnore, IgnoreStack, read_gitignore
from .names import (
    GITIGNORE,
    MARKER,
    NEVER_IGNORED_FOLDERS,
    NOT_CONFIG_FOLDERS,
    PLAIN,
    PRUNE,
    TESTED,
    UNTESTED,
    WalkNames,
)
from .names import (
    PRUNED_FOLDERS as PRUNED_FOLDERS,  # where the tests and benchmarks look for it
)
from .read import MAX_FILE_BYTES, too_large_reason

MAX_CONFIG_BYTES = MAX_FILE_BYTES  # what the walk lists and load reads


class ConfigFile(Struct, frozen=True):
    path: str  # absolute
    kind: str
    # The walk saw a regular file here, not a link: reading it needs no stat before the open. A hint only:
    # equality, hash and repr leave it out (msgspec has no per-field compare=False).
    plain: bool = False

    def __eq__(self, other: object) -> bool:
        if type(other) is not ConfigFile:
            return NotImplemented
        return self.path == other.path and self.kind == other.kind

    def __hash__(self) -> int:
        return hash((self.path, self.kind))

    def __repr__(self) -> str:
        return f"ConfigFile(path={self.path!r}, kind={self.kind!r})"


class Discovery(Struct):
    root: str
    files: list[ConfigFile] = field(default_factory=list)
    # Unreadable folders (at the folder, ZERO_RANGE) and oversize config files.
    problems: list[ConfigProblem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): files, folder links not read
    # False: quiet candidates (`*.py`) that are plain files are listed without a stat; their size is checked
    # when they are read, where an oversize one says nothing either (10,000 stats fewer for 10,000 modules).
    candidate_sizes: bool = True


def kind_of(path: str) -> str | None:
    """The config kind a file's name marks it as, or None. Looks at the name (and parent folder) only."""
    return CLASSIFIER.kind_of(os.path.basename(path), os.path.basename(os.path.dirname(path)))


# ---- the walk --------------------------------------------------------------------------------------


# A folder to walk: its path, its path relative to the root ("" or ending in "/"), its st_dev, the .gitignore
# files in force.
Pending = tuple[str, str, int, IgnoreStack]


def discover(root: str, *, candidate_sizes: bool = True) -> Discovery:
    """Every config file under `root`, sorted by path; unreadable folders and oversize configs as problems.
    `candidate_sizes=False`: see `Discovery.candidate_sizes`."""
    result = Discovery(os.path.abspath(root), candidate_sizes=candidate_sizes)
    for _ in walk(result):
        pass
    result.files.sort(key=_by_path)
    result.skipped.sort()
    return result


def walk(result: Discovery) -> Iterator[ConfigFile]:
    """The walk behind `discover`, into `result` (its root absolute), handing over each config file as its
    folder is listed: a child scan reads the first files while the walk goes on. In walk order, not sorted."""
    root = result.root
    try:
        root_status = os.stat(root)
    except OSError as error:
        result.problems.append(_folder_problem(root, error))
        return
    real_root = os.path.realpath(root)
    visited = {(root_status.st_dev, root_status.st_ino)}
    pending: list[Pending] = [(root, "", root_status.st_dev, NO_IGNORES)]
    # Folders reached through a link wait until every plain folder is walked, so a file that is reachable
    # both ways is reported under its real path, whatever order the folders are listed in.
    linked: list[Pending] = []
    names = WalkNames()
    files = result.files
    while pending or linked:
        if pending:
            folder, rel_folder, device, ignores = pending.pop()
        else:
            folder, rel_folder, device, ignores = linked.pop()
            identity = _link_target(folder, real_root)
            if identity is None:
                result.skipped.append((folder, "folder link leads outside the workspace"))
                continue
            if identity in visited:
                continue  # a loop, or a folder already walked under its real path
            visited.add(identity)
            device = identity[0]
        listed = _list_folder(result, folder, rel_folder, names)
        if listed is not None:
            configs, subfolders, gitignore = listed
            if gitignore is not None:
                ignores = ignores.plus(gitignore)
            if configs:
                found = len(files)
                _add_configs(result, configs, subfolders, rel_folder, ignores)
                yield from files[found:]
            if subfolders:
                _queue(subfolders, rel_folder, device, ignores, visited, pending, linked)


_by_path = operator.attrgetter("path")
Listed = tuple[list[tuple[os.DirEntry[str], str]], list[os.DirEntry[str]], GitIgnore | None]


def _list_folder(result: Discovery, folder: str, rel_folder: str, names: WalkNames) -> Listed | None:
    """One folder's entries named like configs (with their kinds), its subfolders and its .gitignore; None
    when the folder is to be skipped (gone, unreadable: a problem, or a Python environment).

    This loop runs for every entry of the workspace: one dict lookup per name, and the d_type `scandir`
    already has for "is it a folder?"."""
    configs: list[tuple[os.DirEntry[str], str]] = []
    subfolders: list[os.DirEntry[str]] = []
    has_gitignore = is_environment = False
    roles, learn, by_extension = names.roles, names.learn, CLASSIFIER.by_extension
    folder_name = folder[folder.rfind(os.sep) + 1 :]
    by_folder = CLASSIFIER.in_folder.get(folder_name)  # None but in `bin/`, `.vscode/`, `src/`, ...
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                role = roles.get(name) or by_extension.get(name[name.rfind(".") :]) or learn(name)
                if role is PLAIN or role is TESTED or role is UNTESTED:
                    try:
                        is_folder = entry.is_dir()
                    except OSError:
                        is_folder = False  # a link that loops (ELOOP) must not fail the whole listing
                    if is_folder:
                        subfolders.append(entry)
                        continue
                    if role is UNTESTED:
                        role = names.test(name)
                    kind = names.tested[name] if role is TESTED else None
                    if by_folder is not None:
                        kind = by_folder(name, kind)
                    if kind is not None:
                        configs.append((entry, kind))
                elif role is PRUNE:
                    continue  # file or folder: no config has one of these names
                elif role is MARKER:
                    is_environment = True
                elif role is GITIGNORE:
                    has_gitignore = True
                else:
                    configs.append((entry, role))
    except (FileNotFoundError, NotADirectoryError):
        return None  # vanished while we walked
    except OSError as error:
        result.problems.append(_folder_problem(folder, error))
        return None
    if is_environment and rel_folder:
        return None  # a virtualenv or conda environment, whatever its name
    gitignore = read_gitignore(os.path.join(folder, ".gitignore"), rel_folder) if has_gitignore else None
    return configs, subfolders, gitignore


# Candidates listed without a stat (their size is checked as they are read) when they are plain files.
_UNSIZED_KINDS = CLASSIFIER.quiet - CLASSIFIER.never_ignored


def _add_configs(
    result: Discovery,
    configs: list[tuple[os.DirEntry[str], str]],
    subfolders: list[os.DirEntry[str]],
    rel_folder: str,
    ignores: IgnoreStack,
) -> None:
    """Lists the config files of one folder (a folder named like a candidate joins `subfolders`). A quiet
    candidate the listing shows as a plain file costs no syscall when sizes are checked at the read."""
    quiet, files = CLASSIFIER.quiet, result.files
    unsized = _UNSIZED_KINDS if not result.candidate_sizes else frozenset()
    may_ignore = ignores.files  # `IgnoreStack.ignores`' first question, asked here: most names pass it
    tested, names, suffixes = may_ignore.tested, may_ignore.names, may_ignore.suffixes
    for entry, kind in configs:
        try:
            if kind in unsized and entry.is_file(follow_symlinks=False):
                name = entry.name
                if not (tested or name in names or name.endswith(suffixes)) or not ignores.ignores(
                    rel_folder, name, False
                ):
                    files.append(ConfigFile(entry.path, kind, True))
            elif entry.is_file():
                _add_file(result, entry, kind, rel_folder, ignores)
            elif kind in quiet and entry.is_dir():
                subfolders.append(entry)  # a folder named like a candidate (`x.py`): walk it
            elif kind in CLASSIFIER.reported and not (entry.name in NOT_CONFIG_FOLDERS and entry.is_dir()):
                # A FIFO, socket, device or folder under a config's name: loading it says why it is no config.
                _add_file(result, entry, kind, rel_folder, ignores)
        except OSError:
            continue  # vanished meanwhile


def _queue(
    subfolders: list[os.DirEntry[str]],
    rel_folder: str,
    device: int,
    ignores: IgnoreStack,
    visited: set[tuple[int, int]],
    pending: list[Pending],
    linked: list[Pending],
) -> None:
    """The subfolders worth walking, each once: not ignored, not seen before; links wait in `linked`."""
    may_ignore = ignores.folders  # `IgnoreStack.ignores`' first question, asked here: most names pass it
    tested, names, suffixes = may_ignore.tested, may_ignore.names, may_ignore.suffixes
    for entry in subfolders:
        name = entry.name
        if (
            (tested or name in names or name.endswith(suffixes))
            and name not in NEVER_IGNORED_FOLDERS
            and ignores.ignores(rel_folder, name, True)
        ):
            continue
        rel = rel_folder + name + "/"
        try:
            if entry.is_symlink():
                linked.append((entry.path, rel, device, ignores))
                continue
            # A plain folder's d_ino is its inode, so the identity costs no stat. (At a mount point it is
            # the covered folder's inode; the worst that does is walk a linked folder there twice.)
            identity = (device, entry.inode())
        except OSError:
            continue  # vanished meanwhile
        if identity not in visited:
            visited.add(identity)
            pending.append((entry.path, rel, device, ignores))


def _add_file(result: Discovery, entry: os.DirEntry[str], kind: str, rel_folder: str, ignores: IgnoreStack) -> None:
    plain = entry.is_file(follow_symlinks=False)  # from the listing's d_type: no stat
    size = 0
    if not (plain and not result.candidate_sizes and kind in CLASSIFIER.quiet):
        try:
            size = entry.stat().st_size  # follows links: a linked config counts, a dangling link does not
        except OSError:
            return
    if kind not in CLASSIFIER.never_ignored and ignores.ignores(rel_folder, entry.name, False):
        return
    if size > MAX_CONFIG_BYTES:
        reason = too_large_reason(entry.name, size)
        result.skipped.append((entry.path, reason))
        if kind in CLASSIFIER.reported:
            result.problems.append(ConfigProblem(Location(entry.path, ZERO_RANGE), reason))
        return
    result.files.append(ConfigFile(entry.path, kind, plain))


def _link_target(path: str, real_root: str) -> tuple[int, int] | None:
    """(st_dev, st_ino) of the folder a link leads to, or None when that lies outside the workspace."""
    target = os.path.realpath(path)
    if target != real_root and not target.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    try:
        status = os.stat(target)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _folder_problem(folder: str, error: OSError) -> ConfigProblem:
    if isinstance(error, PermissionError):
        reason = "cannot read this folder: permission denied; configs inside it are not checked"
    elif isinstance(error, FileNotFoundError):
        reason = "the workspace folder does not exist"
    else:
        reason = f"cannot read this folder: {error.strerror or error}; configs inside it are not checked"
    return ConfigProblem(Location(folder, ZERO_RANGE), reason)
