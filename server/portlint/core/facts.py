"""What the config parsers read out of single files, before precedence is applied.

A parser turns one file's text into facts (plus problems); `portlint.tools.resolve` combines the facts of
the whole workspace into claims, the way Flask, the Angular CLI and firebase-tools would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cors_facts import CorsFact
from .model import ConfigProblem, Insertion, Location


@dataclass(frozen=True)
class Token:
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


# ---- firebase.json ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirebaseEmulator:
    """One port of one emulator named under `emulators` in firebase.json."""

    file: str
    name: str  # "hosting", "ui", "firestore", ...; extra ports as "firestore.websocketPort"
    key: Location  # the emulator's key, which implies the default when no port is written
    port: Token | None
    host: Token | None
    default_port: int
    movable: bool  # firebase-tools scans upward when this emulator's port is not configured
    enabled: bool = True  # `ui.enabled: false`
    # Where `"port": N` goes into this emulator's entry when it has none (None for extra ports).
    port_insertion: Insertion | None = None


# ---- angular.json and proxy configs ----------------------------------------------------------------


@dataclass(frozen=True)
class ServeOptions:
    port: Token | None = None
    host: Token | None = None
    proxy_config: Token | None = None  # path as written, relative to angular.json's folder


@dataclass(frozen=True)
class AngularServe:
    """One project's `serve` target in angular.json."""

    file: str
    project: str
    key: Location  # the serve target's key ("serve"), which implies the default port
    options: ServeOptions
    configurations: dict[str, ServeOptions] = field(default_factory=dict)
    default_configuration: str | None = None
    # Where `"port": N` goes into the serve `options` (creating `options` when absent).
    port_insertion: Insertion | None = None


@dataclass(frozen=True)
class ProxyTarget:
    """One `target` of a proxy config (object or array form)."""

    file: str
    context: str  # "/api" (array form: the contexts joined by ", ")
    url: Token  # the whole target string
    scheme: str
    host: str  # brackets stripped: "::1"
    port: int  # the URL's port, or 80/443 implied by the scheme
    port_location: Location  # the port digits inside the URL; the whole URL when the port is implied
    explicit_port: bool


# ---- Flask -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppRun:
    """A call `app.run(...)` on a Flask app object."""

    location: Location  # the call's callee (`app.run`)
    port: Token | None
    host: Token | None
    under_main: bool  # inside `if __name__ == "__main__":`
    port_is_literal: bool = True  # False when a port argument exists but is not a literal (a variable)
    # Where `port=N` goes into the call's arguments when it has no port.
    port_insertion: Insertion | None = None


@dataclass(frozen=True)
class FlaskApp:
    """A Python file that creates a Flask application: `app = Flask(__name__)`."""

    file: str
    creation: Location  # the `Flask(...)` call, which implies the defaults
    variable: str | None  # "app"; None inside a factory that returns it
    factory: str | None = None  # "create_app" when created inside a function
    runs: tuple[AppRun, ...] = ()
    server_name: Token | None = None  # app.config["SERVER_NAME"] = "host:port" when literal


@dataclass(frozen=True)
class DotenvFile:
    """`.flaskenv`, `.env` or another env file, read as python-dotenv reads it."""

    path: str
    values: dict[str, Token]  # only the keys portlint cares about need to be here, but all may be
    # The end of the file, where a new `KEY=value` line goes; `ends_with_newline` False: start with one.
    end: Location | None = None
    ends_with_newline: bool = True


@dataclass(frozen=True)
class Invocation:
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


@dataclass(frozen=True)
class FileReference:
    """A file a config names and its tool reads (the proxy config angular.json names, the Cloud Functions
    source a firebase.json rewrite leads to): the workspace loads and watches it like a discovered config,
    with the parser of `kind`."""

    file: str  # the config that names it
    candidates: tuple[str, ...]  # absolute paths, tried in order: the first that exists is read
    kind: str
    location: Location  # where the config names it
    missing: str | None = None  # the problem when none exists; None when the file is optional


Fact = FirebaseEmulator | AngularServe | ProxyTarget | FlaskApp | DotenvFile | Invocation | FileReference | CorsFact


@dataclass
class ParseResult:
    facts: list[Fact] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)
