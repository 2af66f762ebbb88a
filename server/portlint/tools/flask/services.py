"""Which Flask apps of a workspace are services, and how each is started (tool-facts.md, "What runs a Flask
app"): a runner script (`python run.py` reaching `app.run()`), a `flask run` that finds the app, or nothing
portlint can see. One app is one service: a runner that imports a factory or an app runs *that* app, so the
module that creates it gets no `flask run` of its own.

Not services: apps built in tests (conftest.py, tests/), Cloud Functions (the function framework serves
them), App Engine code (app.yaml: App Engine's gunicorn serves it), and apps no entry point names (a package
only gunicorn or uWSGI serves, in a Dockerfile or Procfile).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import msgspec

from ...core.paths import ancestors, is_inside, relative
from .appengine import AppEngineApp
from .facts import AppRun, CloudFunctionModule, FlaskApp, ImportedName, PythonConstants
from .wsgi import WsgiServed

# Where `flask run` looks when neither FLASK_APP nor --app says: wsgi.py, then app.py, in the working folder;
# there it takes an app object or calls a factory of these names.
FLASK_RUN_FILES = ("wsgi.py", "app.py")
FLASK_RUN_FACTORIES = frozenset({"create_app", "make_app"})
_TEST_FOLDERS = frozenset({"tests", "test", "testing"})


def is_test_file(path: str, root: str) -> bool:
    """A test module or fixture: pytest's conftest.py, test_*.py, *_test.py, anything under tests/ (below
    the workspace folder)."""
    name = os.path.basename(path)
    if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
        return True
    folder = os.path.dirname(relative(path, root)).replace("\\", "/")
    return any(part in _TEST_FOLDERS for part in folder.split("/"))


class Services:
    """The apps of a workspace linked across files: runners to the apps they import, ports to the constants
    of the modules they read."""

    def __init__(self, facts: Sequence[object], root: str) -> None:
        self.root = root
        apps = [f for f in facts if isinstance(f, FlaskApp) and not is_test_file(f.file, root)]
        self._constants = {f.file: f for f in facts if isinstance(f, PythonConstants)}
        self._by_file: dict[str, list[FlaskApp]] = {}
        for app in apps:
            self._by_file.setdefault(os.path.normpath(app.file), []).append(app)
        self._cloud = {os.path.dirname(f.file) for f in facts if isinstance(f, CloudFunctionModule)}
        self._appengine = {os.path.dirname(f.file) for f in facts if isinstance(f, AppEngineApp)}
        self._run_elsewhere: set[int] = set()  # ids of apps a runner in another file runs
        self.apps = [linked for app in apps if (linked := self._link(app)) is not None]
        for served in (f for f in facts if isinstance(f, WsgiServed)):
            self._run_elsewhere.update(id(app) for app in self._served_by_wsgi(served))

    def _link(self, app: FlaskApp) -> FlaskApp | None:
        """The app with its runs' imported ports read; a runner of an imported name is kept only when that
        name is a Flask app of the workspace (or an imported factory, whose module may lie outside it)."""
        if app.imported is not None:
            target = self._imported_app(app.file, app.imported)
            if target is not None:
                self._run_elsewhere.add(id(target))
            elif app.factory is None:
                return None  # `from x import thing; thing.run()`: no app of the workspace is called so
        if not any(run.port_from is not None for run in app.runs):
            return app
        return msgspec.structs.replace(app, runs=tuple(self._read_port(app.file, run) for run in app.runs))

    def _read_port(self, file: str, run: AppRun) -> AppRun:
        """`app.run(port=Config.PORT)` with `Config` imported: the constant's value (or its fallback)."""
        if run.port_from is None:
            return run
        source, attribute = run.port_from.source, run.port_from.attribute
        key = f"{source.name}.{attribute}" if attribute else source.name
        for path in self.module_files(file, source):
            constants = self._constants.get(path)
            constant = constants.values.get(key) if constants is not None else None
            if constant is not None:
                return msgspec.structs.replace(run, port=constant.token, port_is_literal=constant.literal)
        return run  # not found: no port to claim, and nothing certain to say

    def _served_by_wsgi(self, served: WsgiServed) -> list[FlaskApp]:
        """The apps of the module a Dockerfile's WSGI server names (from the Dockerfile's folder, where
        `COPY . .` puts the code); a module that only re-exports an app (`from main import app`) stands for
        the apps of its folder."""
        folder = os.path.dirname(os.path.normpath(served.file))
        if served.path is not None:
            files = [os.path.normpath(os.path.join(folder, served.path))]
        elif served.module is not None:
            module = os.path.join(folder, *served.module.split("."))
            files = [module + ".py", os.path.join(module, "__init__.py")]
        else:
            return []
        for path in files:
            if path in self._by_file:
                return self._by_file[path]
        folders = {os.path.dirname(path) for path in files}
        return [app for path, apps in self._by_file.items() if os.path.dirname(path) in folders for app in apps]

    def _imported_app(self, file: str, source: ImportedName) -> FlaskApp | None:
        for path in self.module_files(file, source):
            for app in self._by_file.get(path, ()):
                if app.imported is None and source.name in (app.variable, app.factory):
                    return app
        return None

    def module_files(self, importer: str, source: ImportedName) -> Iterable[str]:
        """The files `from <module> import name` may load, nearest first: relative to the importer's
        package, else from the importer's folder (`python run.py` puts it first on sys.path) and the
        folders above it within the workspace."""
        folder = os.path.dirname(os.path.normpath(importer))
        if source.level:
            for _ in range(source.level - 1):
                folder = os.path.dirname(folder)
            bases = [folder]
        else:
            bases = [f for f in ancestors(folder) if is_inside(f, self.root)]
        parts = [p for p in source.module.split(".") if p]
        for base in bases:
            module = os.path.join(base, *parts)
            if parts:
                yield module + ".py"
            yield os.path.join(module, "__init__.py")

    # ---- who starts an app -------------------------------------------------------------------------

    def run_elsewhere(self, app: FlaskApp) -> bool:
        return id(app) in self._run_elsewhere

    def served_by_platform(self, folder: str) -> bool:
        """Code of a Cloud Function's folder, or of an App Engine service (app.yaml here or above)."""
        if folder in self._cloud:
            return True
        return any(f in self._appengine for f in ancestors(folder) if is_inside(f, self.root))

    def found_by_flask_run(self, app: FlaskApp) -> bool:
        """`flask run` typed in the app's folder, with nothing else in the workspace starting it, finds this
        app: it is created (not imported) in wsgi.py or app.py, as an object or by a create_app/make_app
        factory, and no runner runs it."""
        runs = [run for run in app.runs if not run.in_cli_command]  # those do nothing: not a way to run it
        if os.path.basename(app.file) not in FLASK_RUN_FILES or app.imported is not None or runs:
            return False
        if app.factory is not None and app.factory not in FLASK_RUN_FACTORIES:
            return False
        if app.factory is None and app.variable is None:
            return False
        return not self.run_elsewhere(app) and not self.served_by_platform(os.path.dirname(app.file))
