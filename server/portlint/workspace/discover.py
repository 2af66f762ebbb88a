"""Finding the config files of a workspace: one fast walk that prunes what no dev server reads.

The walk is iterative `os.scandir` over plain strings: the d_type that `scandir` already returns answers
"file or folder?" without a stat call. Only files whose *name* marks them as a config are stat-ed (for
their size), and the folders the walk enters (for loop detection). Pruning happens by folder name first
(node_modules, virtualenvs, build output, caches), then by `.gitignore` files, matched with git's own
semantics relative to their own folder (`portlint.workspace.gitignore`).

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

import os
from dataclasses import dataclass, field

from ..core.model import ZERO_RANGE, ConfigProblem, Location
from .classify import CLASSIFIER
from .gitignore import IgnoreRules
from .read import MAX_FILE_BYTES, read_regular_file, too_large_reason

MAX_CONFIG_BYTES = MAX_FILE_BYTES  # what the walk lists and load reads

# Folders no dev-server config lives in, pruned by name wherever they appear (except at the root).
PRUNED_FOLDERS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "__pycache__",
        "dist",
        "build",
        "coverage",
        ".angular",
        ".nx",
        ".next",
        ".nuxt",
        ".svelte-kit",
        ".turbo",
        ".parcel-cache",
        ".yarn",
        ".pnpm-store",
        ".firebase",
        ".cache",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        ".eggs",
        ".ipynb_checkpoints",
        ".idea",
        ".history",  # VS Code Local History: timestamped copies of old configs, never run
    }
)
# A folder holding one of these is a Python environment (virtualenv, conda), whatever its name.
ENVIRONMENT_MARKERS = frozenset({"pyvenv.cfg", "conda-meta"})
NEVER_IGNORED_FOLDERS = frozenset({".vscode"})
# Folders named like a config that are no config and not worth a word: a folder `.env` is usually a virtualenv.
NOT_CONFIG_FOLDERS = frozenset({".env"})


@dataclass(frozen=True)
class ConfigFile:
    path: str  # absolute
    kind: str
    # The walk saw a regular file here, not a link: reading it needs no stat before the open.
    plain: bool = field(default=False, compare=False, repr=False)


@dataclass
class Discovery:
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


# ---- .gitignore ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GitIgnore:
    """One .gitignore: its folder relative to the root ("" or ending in "/"), and its patterns."""

    base: str
    rules: IgnoreRules

    def decides(self, rel: str) -> bool | None:
        """True: ignored, False: re-included by a negation, None: no pattern here matches."""
        return self.rules.decides(rel[len(self.base) :])


IgnoreStack = tuple[GitIgnore, ...]  # the .gitignore files in force, nearest last


def _read_gitignore(path: str, base: str) -> GitIgnore | None:
    """The patterns of one .gitignore, or None when it is unreadable or has none. Lines that can match
    nothing (an unterminated `[`) are dropped, as git does."""
    data = read_regular_file(path)
    if not isinstance(data, bytes):
        return None
    rules = IgnoreRules(data)
    return GitIgnore(base, rules) if len(rules) else None


def _ignored(stack: IgnoreStack, rel_folder: str, name: str, is_folder: bool) -> bool:
    """Whether git ignores the entry `name` of the folder `rel_folder` (relative to the root, ending in "/"):
    the nearest .gitignore with a matching pattern decides, and within one file the last matching pattern
    (negations included). The path is built only for a .gitignore with a pattern that may match the name."""
    for gitignore in reversed(stack):
        if gitignore.rules.may_match(name, is_folder) and rel_folder.startswith(gitignore.base):
            decision = gitignore.decides(rel_folder + name + "/" if is_folder else rel_folder + name)
            if decision is not None:
                return decision
    return False


# ---- the walk --------------------------------------------------------------------------------------


# What a name means to the walk, in one dict lookup per entry.
_PRUNE, _MARKER, _GITIGNORE = "", "marker", "gitignore"
_NAME_ROLES: dict[str, str] = {
    **dict.fromkeys(PRUNED_FOLDERS, _PRUNE),
    **dict.fromkeys(ENVIRONMENT_MARKERS, _MARKER),
    ".gitignore": _GITIGNORE,
    **CLASSIFIER.by_name,
}


def discover(root: str, *, candidate_sizes: bool = True) -> Discovery:
    """Every config file under `root`, sorted by path; unreadable folders and oversize configs as problems.
    `candidate_sizes=False`: see `Discovery.candidate_sizes`."""
    root = os.path.abspath(root)
    result = Discovery(root, candidate_sizes=candidate_sizes)
    try:
        root_status = os.stat(root)
    except OSError as error:
        result.problems.append(_folder_problem(root, error))
        return result
    real_root = os.path.realpath(root)
    visited = {(root_status.st_dev, root_status.st_ino)}
    # (folder, its path relative to root with a trailing "/", its st_dev, the .gitignore files in force)
    pending: list[tuple[str, str, int, IgnoreStack]] = [(root, "", root_status.st_dev, ())]
    # Folders reached through a link wait until every plain folder is walked, so a file that is reachable
    # both ways is reported under its real path, whatever order the folders are listed in.
    linked: list[tuple[str, str, int, IgnoreStack]] = []
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
        _walk_folder(result, folder, rel_folder, device, ignores, visited, pending, linked)
    result.files.sort(key=lambda config: config.path)
    result.skipped.sort()
    return result


def _walk_folder(
    result: Discovery,
    folder: str,
    rel_folder: str,
    device: int,
    ignores: IgnoreStack,
    visited: set[tuple[int, int]],
    pending: list[tuple[str, str, int, IgnoreStack]],
    linked: list[tuple[str, str, int, IgnoreStack]],
) -> None:
    """Lists one folder: records its config files, queues the subfolders worth walking.

    This loop runs for every entry of the workspace: one dict lookup per name, the d_type `scandir` already
    has for "is it a folder?", and nothing else for the files that are not configs."""
    configs: list[tuple[os.DirEntry[str], str]] = []
    subfolders: list[os.DirEntry[str]] = []
    has_gitignore = is_environment = False
    roles = _NAME_ROLES
    by_suffix, by_other_rules = CLASSIFIER.by_suffix, CLASSIFIER.by_other_rules
    folder_name = os.path.basename(folder)
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                role = roles.get(name)
                if role is None:
                    if (kind := by_suffix(name)) is not None:
                        configs.append((entry, kind))
                    elif _is_dir(entry):
                        subfolders.append(entry)
                    elif (kind := by_other_rules(name, folder_name)) is not None:
                        configs.append((entry, kind))
                elif role == _PRUNE:
                    continue  # file or folder: no config has one of these names
                elif role == _MARKER:
                    is_environment = True
                elif role == _GITIGNORE:
                    has_gitignore = True
                else:
                    configs.append((entry, role))
    except (FileNotFoundError, NotADirectoryError):
        return  # vanished while we walked
    except OSError as error:
        result.problems.append(_folder_problem(folder, error))
        return
    if is_environment and rel_folder:
        return  # a virtualenv or conda environment, whatever its name
    if has_gitignore:
        gitignore = _read_gitignore(os.path.join(folder, ".gitignore"), rel_folder)
        if gitignore is not None:
            ignores = (*ignores, gitignore)
    for entry, kind in configs:
        try:
            if entry.is_file():
                _add_file(result, entry, kind, rel_folder, ignores)
            elif kind in CLASSIFIER.quiet and entry.is_dir():
                subfolders.append(entry)  # a folder named like a candidate (`x.py`): walk it
            elif kind in CLASSIFIER.reported and not (entry.name in NOT_CONFIG_FOLDERS and entry.is_dir()):
                # A FIFO, socket, device or folder under a config's name: loading it says why it is no config.
                _add_file(result, entry, kind, rel_folder, ignores)
        except OSError:
            continue  # vanished meanwhile
    for entry in subfolders:
        name = entry.name
        if ignores and name not in NEVER_IGNORED_FOLDERS and _ignored(ignores, rel_folder, name, True):
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


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """`entry.is_dir()`, False for a link that loops (ELOOP) instead of failing the whole folder's listing."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _add_file(result: Discovery, entry: os.DirEntry[str], kind: str, rel_folder: str, ignores: IgnoreStack) -> None:
    plain = entry.is_file(follow_symlinks=False)  # from the listing's d_type: no stat
    size = 0
    if not (plain and not result.candidate_sizes and kind in CLASSIFIER.quiet):
        try:
            size = entry.stat().st_size  # follows links: a linked config counts, a dangling link does not
        except OSError:
            return
    if ignores and kind not in CLASSIFIER.never_ignored and _ignored(ignores, rel_folder, entry.name, False):
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
