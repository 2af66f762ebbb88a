"""What the config parsers read out of single files, before precedence is applied.

A parser turns one file's text into facts (plus problems); `portlint.tools.resolve` combines the facts of
the whole workspace into claims, the way Flask, the Angular CLI and firebase-tools would.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from msgspec import Struct, field

from .model import ConfigProblem, Location


class Token(Struct, frozen=True):
    """A value as written (unquoted), and where: the range covers the value itself, not its quotes."""

    text: str
    location: Location

    def as_port(self) -> int | None:
        """The port this token names, as the tools parse it (integers; numeric strings work too)."""
        return parse_port(self.text)


def parse_port(text: str) -> int | None:
    """A TCP port written as text, or None when it is not one."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 5:
        return None
    port = int(text)
    return port if 0 <= port <= 65535 else None


class DotenvFile(Struct, frozen=True):
    """`.flaskenv`, `.env` or another env file, read as python-dotenv reads it."""

    path: str
    values: dict[str, Token]  # only the keys portlint cares about need to be here, but all may be
    # The end of the file, where a new `KEY=value` line goes; `ends_with_newline` False: start with one.
    end: Location | None = None
    ends_with_newline: bool = True


class Address(Struct, frozen=True):
    """One `HOST:PORT` address as written (`gunicorn -b 0.0.0.0:8000`), split by its tool's rules: the tokens
    of its parts point into the file, so an edit can change the port alone. A part not written is None."""

    written: Token
    host: Token | None
    port: Token | None
    tcp: bool = True  # False for a UNIX socket or an inherited descriptor (`unix:/run/app.sock`, `fd://3`)


class Invocation(Struct, frozen=True):
    """A command line that starts a dev server: in package.json scripts, a Makefile, a Procfile or a
    VS Code launch configuration."""

    tool: str  # the registry name of the tool that reads the command line
    file: str
    location: Location  # the command word (`flask`, `ng`, `firebase`) or the launch configuration's name
    where: str  # in words: 'package.json script "api"', 'Makefile target "run"', 'launch configuration "Flask"'
    cwd: str  # absolute folder the command runs in
    port: Token | None = None  # --port / -p
    host: Token | None = None  # --host / -h
    env: dict[str, Token] = field(default_factory=dict)  # inline `X=1 flask run`, launch.json "env"
    env_files: tuple[str, ...] = ()  # -e/--env-file, absolute
    app: Token | None = None  # flask --app / -A; ng serve PROJECT / --project
    configuration: str | None = None  # ng serve -c / --configuration
    as_script: str | None = None  # launch.json "program": runs this Python file as a script (app.run counts)
    # Options and variables the shell sets to values only run time knows (`--port $PORT`, Makefile
    # `$(PORT)`, `FLASK_RUN_PORT=$PORT`): set, so neither a default nor a lower source applies.
    computed: tuple[str, ...] = ()
    # What starts this command together with others (a Procfile, one script): claims sharing a key run together.
    together: tuple[str, ...] = ()
    # Addresses as written, for tools that take several (`gunicorn -b HOST:PORT -b ...`), in order.
    binds: tuple[Address, ...] = ()
    config_file: str | None = None  # a config file the command names (`gunicorn -c FILE`), absolute
    # Variables of `env` a runner sets (honcho's `PORT` per Procfile process): no file holds their value (the
    # token points at what implies it), so no edit there changes them.
    set_by_runner: tuple[str, ...] = ()
    # A runner that numbers ports from a base (foreman, honcho: `PORT` = base + this offset). The base is the
    # runner's default unless `PORT` is in the `.env` beside the command file or in the real environment;
    # `tools.resolve` applies that before any tool sees `env["PORT"]`.
    runner_port_offset: int | None = None


class FileReference(Struct, frozen=True):
    """A file a config names and its tool reads (the proxy config angular.json names, the Cloud Functions
    source a firebase.json rewrite leads to): the workspace loads and watches it like a discovered config,
    with the parser of `kind`."""

    file: str  # the config that names it
    candidates: tuple[str, ...]  # absolute paths, tried in order: the first that exists is read
    kind: str
    location: Location  # where the config names it
    missing: str | None = None  # the problem when none exists; None when the file is optional
    # A guess from a name (a package's "main", the script a command runs): read as `kind` only if no other
    # reference may name the same file (firebase.json's Cloud Functions source stays one).
    weak: bool = False


@runtime_checkable
class CarriesReferences(Protocol):
    """A command (`Invocation`) that names files its tool reads (`node index.js`: the script), loaded like
    `FileReference` facts."""

    @property
    def references(self) -> tuple[FileReference, ...]: ...


class ServerPort(Struct, frozen=True):
    """A port a file of the workspace names as some server's, found by a cheap textual look at source files
    and scripts portlint does not otherwise resolve (`app.listen(7998)` in an Express server, `flask run
    --port 7999` in a shell script). Not a claim: only enough to know a proxy target there has a server."""

    file: str
    port: int
    location: Location


# What a parser read out of one file. Each tool defines its own fact types in its folder
# (`portlint.tools.<name>.facts`) and picks them out by type; the generic layers never look inside.
Fact = object


class ParseResult(Struct):
    facts: list[Fact] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)
