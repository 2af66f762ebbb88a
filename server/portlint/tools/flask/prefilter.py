"""Which Python files are worth parsing, told from their text alone: most modules of a backend are not
apps, runners or Cloud Functions, and the first scan must not pay a parse for each (bench/bench_check.py)."""

from __future__ import annotations

import re

# Flask's CLI itself looks for factories by these names; an imported one called in this file is an app.
FACTORY_NAMES = frozenset({"create_app", "make_app"})
_CLOUD_FUNCTIONS = re.compile(r"^[ \t]*(?:from|import)[ \t]+(?:firebase_functions|functions_framework)\b", re.MULTILINE)
# `name.run(` where `name` may be an app imported from another module (a runner script: `from app import app`),
# or a factory it imports (`create_app().run(`).
_RUN_CALL = re.compile(r"\b([A-Za-z_]\w*)(?:\([^()\n]*\))?[ \t]*\.[ \t]*run[ \t]*\(")
# A script's own run: under `if __name__ == "__main__":`, or a call at the start of a line (unguarded).
_SCRIPT = re.compile(r"__main__|^[A-Za-z_][\w().]*[ \t]*\.[ \t]*run[ \t]*\(", re.MULTILINE)
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*(?P<names>\([^)]*\)|[^\n#;]*)|import[ \t]+(?P<modules>[^\n#;]*))",
    re.MULTILINE,
)
_NOT_APPS = frozenset({"subprocess", "asyncio", "self", "cls", "uvicorn", "trio", "anyio", "cli", "manager"})


def may_create_apps(text: str) -> bool:
    """Cheap test before parsing: no `Flask` and no script running an imported app or factory, no app (a
    module that only calls an imported factory without running it starts nothing)."""
    return "Flask" in text or "flask_script" in text or may_run_imported_app(text)


def may_run_imported_app(text: str) -> bool:
    """A script running an app it imports (`from app import app` … `app.run(`) or an app an imported
    factory makes (`app = create_app()` … `app.run(`), told by text alone."""
    if _SCRIPT.search(text) is None:
        return False
    imported = _imported_names(text)
    runs = {match.group(1) for match in _RUN_CALL.finditer(text)} - _NOT_APPS
    return bool(runs & imported) or (bool(runs) and not imported.isdisjoint(FACTORY_NAMES))


def _imported_names(text: str) -> set[str]:
    """The local names `from X import a, b as c` and `import x` lines bind (parenthesised lists too)."""
    names: set[str] = set()
    for match in _IMPORT.finditer(text):
        for item in (match.group("names") or match.group("modules") or "").strip("() \t").split(","):
            words = item.split()
            if words:
                names.add(words[-1] if len(words) == 3 and words[1] == "as" else words[0].split(".")[0])
    return names


def is_cloud_function(text: str) -> bool:
    """The file imports a Cloud Functions framework (firebase_functions, functions_framework)."""
    return _CLOUD_FUNCTIONS.search(text) is not None
