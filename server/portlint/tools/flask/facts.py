"""What Flask application source says, before precedence: apps, how they are run, and the constants and
imports the resolver needs to follow a runner script to the app it runs."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct, field

from ...core.facts import Token
from ...core.model import Insertion, Location


class ImportedName(Struct, frozen=True):
    """Where a name of a Python file comes from: `from app.config import Config` → ("app.config", 0,
    "Config"); `from ... import APP` → ("", 3, "APP")."""

    module: str
    level: int  # leading dots of a relative import
    name: str


class PortFrom(Struct, frozen=True):
    """A port a run call reads from another module: `Config.PORT` with `Config` imported, or an imported
    constant `PORT`."""

    source: ImportedName
    attribute: str | None  # "PORT" in `Config.PORT`; None for the imported name itself
    at: Location  # the expression in the call


class AppRun(Struct, frozen=True):
    """A call that serves a Flask app from `python file.py`: `app.run(...)`, `socketio.run(app, ...)`,
    Flask-Script's `Server(port=...)`."""

    location: Location  # the call's callee (`app.run`)
    port: Token | None
    host: Token | None
    under_main: bool  # inside `if __name__ == "__main__":`
    port_is_literal: bool = True  # False when a port argument exists but is not a literal (a variable)
    # Where `port=N` goes into the call's arguments when it has no port.
    port_insertion: Insertion | None = None
    runner: str = "app.run"  # in words, for messages: "app.run", "socketio.run", "Flask-Script Server"
    port_from: PortFrom | None = None  # the port is another module's constant (resolved across files)
    port_at_run_time: bool = False  # the port is read when the program runs (`args.port`, a file)
    in_cli_command: bool = False  # inside a CLI command function: runs under `flask <command>`, a no-op


class FlaskApp(Struct, frozen=True):
    """A Python file that creates a Flask application (`app = Flask(__name__)`), or runs one it imports."""

    file: str
    creation: Location  # the `Flask(...)` call, which implies the defaults
    variable: str | None  # "app"; None inside a factory that returns it
    factory: str | None = None  # "create_app" when created inside a function
    runs: tuple[AppRun, ...] = ()
    server_name: Token | None = None  # app.config["SERVER_NAME"] = "host:port" when literal
    # The app (or its factory) is imported: `from app import create_app` / `from project import app`.
    imported: ImportedName | None = None
    cloud_function: bool = False  # the file is a Cloud Function (firebase_functions, functions_framework)


class Constant(Struct, frozen=True):
    """A module constant or class attribute a port may be read from: `PORT = 5066`, or the fallback of
    `PORT = int(os.getenv("PORT", "5066"))` (then `literal` is False)."""

    token: Token
    literal: bool = True


class PythonConstants(Struct, frozen=True):
    """The constants of one Python file that name a port or host, by dotted name ("PORT", "Config.PORT")."""

    file: str
    values: Mapping[str, Constant] = field(default_factory=dict)


class CloudFunctionModule(Struct, frozen=True):
    """A Python file that defines Cloud Functions: a Flask app in its folder is served by the function
    framework, not by a Flask dev server."""

    file: str
