"""What Flask application source says, before precedence: apps and their `app.run(...)` calls."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Token
from ...core.model import Insertion, Location


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
