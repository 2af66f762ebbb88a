"""What a name means to the walk: the folders it prunes by name, the names that mark a Python environment, and
for every other name the config kind it marks, told once per walk."""

from __future__ import annotations

from .classify import CLASSIFIER

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


# What a name means to the walk. Names no table knows are classified once per walk (`WalkNames.learn`) and
# remembered, so that every entry of the workspace costs one dict lookup: node_modules, src/ and tests/
# repeat their names (index.js, package.json, __init__.py) thousands of times.
PRUNE, MARKER, GITIGNORE = "prune", "marker", "gitignore"  # never empty: `discover` asks `roles.get(name) or ...`
PLAIN = "plain"  # no kind by its name alone (a folder's name may still make it one: `bin/www`)
TESTED = "tested"  # a kind by a test on its name, for files only: `WalkNames.tested` says which
UNTESTED = "untested"  # not yet asked of a file: the name tests run for files only (`WalkNames.test`)
NAME_ROLES: dict[str, str] = {
    **dict.fromkeys(PRUNED_FOLDERS, PRUNE),
    **dict.fromkeys(ENVIRONMENT_MARKERS, MARKER),
    ".gitignore": GITIGNORE,
    **CLASSIFIER.by_name,
}


class WalkNames:
    """The roles of the names one walk has met (a per-walk memo: a long-lived server keeps none)."""

    def __init__(self) -> None:
        self.roles = dict(NAME_ROLES)
        self.tested: dict[str, str] = {}

    def learn(self, name: str) -> str:
        """The role of a name first met: its kind by suffix (even a folder's: `x.py/` is looked at), else
        UNTESTED."""
        role = CLASSIFIER.by_suffix(name) or UNTESTED
        self.roles[name] = role
        return role

    def test(self, name: str) -> str:
        """PLAIN or TESTED for a file whose name was UNTESTED: the kinds' name tests, once per name."""
        tested = CLASSIFIER.by_test(name)
        if tested is not None:
            self.tested[name] = tested
        role = self.roles[name] = PLAIN if tested is None else TESTED
        return role
