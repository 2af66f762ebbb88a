"""What a dev server is to portlint, as data: the files it reads, the commands that start it, and where its
port rules live. The generic layers (discovery, loading, command lines, resolution, editors' globs) iterate
the registry in `portlint.tools`; none of them names a tool.

Parsers, command-line readers and resolvers are named as "module:function" and imported on first use, so a
registry entry costs nothing until a workspace holds that tool's files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

if TYPE_CHECKING:
    from ..core.facts import Invocation, Token
    from ..core.model import Claim, Finding, Location
    from ..readers.command_site import CommandSite
    from ..readers.shell_words import Word


class FileKind(Struct, frozen=True):
    """One kind of file: how discovery recognises it by name, and the parser that reads it. A kind with no
    names, suffix or name test is never discovered: it is read only where a config names it (a
    `FileReference` fact, such as the proxy config angular.json names)."""

    kind: str  # "firebase", "proxy", "dotenv", ...: shown in problems and used as the key everywhere
    parser: str  # "module:function" taking (path, text) -> ParseResult; never raises, does no I/O
    names: tuple[str, ...] = ()  # exact file names
    suffix: str = ""  # or: any name ending so (".py", ".conf")
    folder: str = ""  # with names or suffix: only inside a folder of this name (".vscode", "nginx")
    matches: Callable[[str], bool] | None = None  # or: a test on the name (proxy configs' many spellings)
    globs: tuple[str, ...] = ()  # the same files as editor glob patterns: watched files, document selector
    telltale: tuple[str, ...] = ()  # file names whose presence marks a workspace worth activating in
    quiet: bool = False  # only a candidate (most .py files are not apps): its troubles are not reported
    never_ignored: bool = False  # read even when .gitignore ignores it (.env, launch.json: the tools read them)
    takes_workspace: bool = False  # the parser also takes the workspace folder (launch.json's ${workspaceFolder})
    # The parser is skipped for a file that lacks all of these bytes: cheaper than decoding every candidate.
    needs_bytes: tuple[bytes, ...] = ()
    # Paths (relative to a workspace) of files of this kind, where `names` cannot say it: a name test's
    # typical spellings, a referenced file's usual place. Tests and fuzzers use them.
    examples: tuple[str, ...] = ()

    def example_paths(self) -> tuple[str, ...]:
        """Workspace-relative paths of files of this kind, for tests: the examples, else the names."""
        if self.examples:
            return self.examples
        names = self.names or (f"app{self.suffix}",)
        return tuple(f"{self.folder}/{name}" if self.folder else name for name in names)


# Reads one program's arguments into an Invocation: (args after the program word, where it is written, the
# program word or the launch configuration's location, working folder, environment, the variables the shell
# sets to values only run time knows) -> Invocation | None.
CommandReader = Callable[
    [Sequence["Word"], "CommandSite", "Word | Location", str, dict[str, "Token"], Collection[str]],
    "Invocation | None",
]


class ResolveContext(Struct, frozen=True):
    """What a tool's resolver gets besides the facts: the workspace root and the real environment's values
    of the variables the tool declared it reads."""

    root: str
    environ: Mapping[str, str] = field(default_factory=dict)


class AlsoReads(Struct, frozen=True):
    """A kind of file another tool owns that this tool reads too, with its own parser: uvicorn finds its
    `uvicorn.run(...)` in the Python files Flask's kind discovers. Discovery and watching stay the owner's."""

    kind: str  # the owner's kind ("python")
    parser: str  # "module:function" taking (path, text) -> ParseResult; never raises, does no I/O
    needs_bytes: tuple[bytes, ...] = ()  # skipped for a file lacking all of these (as FileKind.needs_bytes)


class DevServer(Struct, frozen=True):
    """One dev server (or emulator suite, or web server) portlint knows. See ARCHITECTURE.md for the recipe."""

    name: str  # the registry name; Claim.tool and Invocation.tool carry it
    files: tuple[FileKind, ...] = ()
    also_reads: tuple[AlsoReads, ...] = ()  # other tools' kinds of file it reads too
    programs: Mapping[str, str] = field(default_factory=dict)  # command word -> "module:function" reader
    python_modules: Mapping[str, str] = field(default_factory=dict)  # `python -m X` / launch "module": X
    # `python NAME ...` / launch "program": a script's file name (`manage.py`) -> reader of what follows it
    python_scripts: Mapping[str, str] = field(default_factory=dict)
    resolve: str = ""  # "module:function": (facts, ResolveContext) -> list[Claim]
    config_kind: str = ""  # the kind of the config file its commands name (`gunicorn -c FILE`: Invocation.config_file)
    checks: str = ""  # "module:function": (facts, claims, root) -> list[Finding]: findings only it can judge
    # "module:function": (facts, claims) -> list[core.cors.exchange.CorsRoute]: its routes that answer
    # cross-origin requests, each able to work out its answer; the generic CORS findings judge them.
    cors: str = ""
    # The fact types ("module:Class", the module that defines the class) its resolve, checks and cors read:
    # a workspace with none of them and none of its command lines (`Invocation.tool` is its name) never
    # imports those three modules. A tool reading only command lines (django) leaves it empty.
    reads: tuple[str, ...] = ()
    environment: tuple[str, ...] = ()  # variables of the real environment its resolution reads (ALL_VARIABLES: any)
    # Top-level package.json fields it reads (Create React App's "proxy"): field -> "module:function" taking
    # (package.json path, the field's JNode) -> ParseResult.
    package_fields: Mapping[str, str] = field(default_factory=dict)


ALL_VARIABLES = "*"  # in `DevServer.environment`: the tool interpolates whatever variable a file names


@cache
def load_function(spec: str) -> Callable[..., Any]:
    """The function a "module:function" spec names, imported on first use."""
    module_name, _, function_name = spec.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
    return function


Resolver = Callable[[Sequence[object], ResolveContext], "list[Claim]"]
Checker = Callable[[Sequence[object], "Sequence[Claim]", str], "list[Finding]"]
