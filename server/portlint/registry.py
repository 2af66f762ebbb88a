"""The registry: every dev server portlint knows, and the tables the generic layers derive from it once.

Adding a dev server = one folder under `portlint/tools/` with a `TOOL = DevServer(...)`, one line in `TOOLS`,
and one test folder (ARCHITECTURE.md has the recipe). Discovery, loading, command lines, resolution, the
language server's watched files and the VS Code extension's document selector and activation events
(written out by `scripts/sync_generated.py`) all iterate these tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from .readers.kinds import SHARED_ALSO_READS, SHARED_FILES
from .tools import (
    angular,
    astro,
    compose,
    cra,
    devcontainer,
    django,
    firebase,
    flask,
    gunicorn,
    nginx,
    node,
    nuxt,
    uvicorn,
    uwsgi,
    vite,
    waitress,
    webpack,
)
from .tools import next as nextjs  # not to shadow the builtin
from .tools.base import AlsoReads, DevServer, FileKind, load_function

TOOLS: tuple[DevServer, ...] = (
    flask.TOOL,
    angular.TOOL,
    firebase.TOOL,
    nginx.TOOL,
    uvicorn.TOOL,
    gunicorn.TOOL,
    django.TOOL,
    compose.TOOL,
    uwsgi.TOOL,
    devcontainer.TOOL,
    waitress.TOOL,
    vite.TOOL,
    webpack.TOOL,
    cra.TOOL,
    nextjs.TOOL,
    nuxt.TOOL,
    astro.TOOL,
    node.TOOL,
)

FILE_KINDS: tuple[FileKind, ...] = SHARED_FILES + tuple(kind for tool in TOOLS for kind in tool.files)


def kinds_by_name() -> dict[str, str]:
    """Exact file names that mark a config wherever it is, with their kind."""
    return {name: kind.kind for kind in FILE_KINDS if not kind.folder for name in kind.names}


def also_readers() -> dict[str, list[AlsoReads]]:
    """Kind → the readers other tools add to its owner's parser."""
    readers: dict[str, list[AlsoReads]] = {}
    for reads in (*SHARED_ALSO_READS, *(reads for tool in TOOLS for reads in tool.also_reads)):
        readers.setdefault(reads.kind, []).append(reads)
    return readers


def tools_reading(facts: Iterable[object]) -> tuple[DevServer, ...]:
    """The tools with something to resolve or judge in these facts: a fact of a type they read
    (`DevServer.reads`) or a command line of theirs. The others' resolvers and checks are never imported."""
    from .core.facts import Invocation  # here: the language server reads the registry before any fact

    facts = list(facts)
    kinds = {type(fact) for fact in facts}  # a few types for thousands of facts: name those only
    names = {f"{kind.__module__}:{kind.__qualname__}" for kind in kinds}
    invocations = tuple(kind for kind in kinds if issubclass(kind, Invocation))
    commands = {fact.tool for fact in facts if isinstance(fact, invocations)} if invocations else set()
    return tuple(tool for tool in TOOLS if tool.name in commands or not names.isdisjoint(tool.reads))


def config_kind_of(tool: str) -> str | None:
    """The kind of the config file a tool's command line names (`Invocation.config_file`), if it has one."""
    return next((t.config_kind for t in TOOLS if t.name == tool and t.config_kind), None)


def parser_of(kind: str) -> FileKind | None:
    return next((k for k in FILE_KINDS if k.kind == kind), None)


@cache
def _programs() -> dict[str, str]:
    return {program: spec for tool in TOOLS for program, spec in tool.programs.items()}


@cache
def _python_modules() -> dict[str, str]:
    return {module: spec for tool in TOOLS for module, spec in tool.python_modules.items()}


@cache
def _python_scripts() -> dict[str, str]:
    return {script: spec for tool in TOOLS for script, spec in tool.python_scripts.items()}


def python_script_reader(path: str) -> Callable[..., Any] | None:
    """The reader for `python path/NAME ...` (and a launch configuration's `"program"`), by the script's name."""
    spec = _python_scripts().get(path.replace("\\", "/").rsplit("/", 1)[-1])
    return load_function(spec) if spec else None


def program_reader(program: str) -> Callable[..., Any] | None:
    """The reader of a dev server's command line started as `program ...`, or None."""
    spec = _programs().get(program)
    return load_function(spec) if spec else None


def python_module_reader(module: str) -> Callable[..., Any] | None:
    """The reader for `python -m module ...` (and a launch configuration's `"module"`), or None."""
    spec = _python_modules().get(module)
    return load_function(spec) if spec else None


@cache
def package_field_readers() -> dict[str, str]:
    """The top-level package.json fields tools read, with their readers ("module:function")."""
    return {name: spec for tool in TOOLS for name, spec in tool.package_fields.items()}


def watched_globs() -> list[str]:
    """Every config file as a glob, for the editor's file watching and document selector."""
    return list(dict.fromkeys(glob for kind in FILE_KINDS for glob in kind.globs))


def telltales() -> list[str]:
    """File names whose presence in a workspace makes portlint worth starting."""
    return list(dict.fromkeys(name for kind in FILE_KINDS for name in kind.telltale))
