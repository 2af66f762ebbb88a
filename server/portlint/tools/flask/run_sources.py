"""Where `flask run` reads its port and host, highest precedence first: `--port` / `--host`, the command's own
environment, the real environment, `--env-file`, then the `.env` and `.flaskenv` found by searching upward
from the working folder (python-dotenv's `find_dotenv(usecwd=True)`). The first source that sets the value
decides it; a port is read as click reads it (`flask_port`)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from msgspec import Struct

from ...core.facts import DotenvFile, Invocation, Token
from ...core.model import ZERO_RANGE, Insertion, Location
from ...core.paths import ancestors, is_inside, relative

# The dotenv files `flask run` loads, highest precedence first, each with how it is named in messages.
EnvChain = list[tuple[DotenvFile, str]]


class RunSource(Struct, frozen=True):
    """One place that sets a `flask run` setting."""

    token: Token | None  # None for the real environment, which has no place in a file
    text: str
    says: str  # in words: "FLASK_RUN_PORT in .flaskenv"
    variable: bool = True  # an environment variable (click reads an empty one as unset), not an option

    @property
    def port(self) -> int | None:
        return flask_port(self.text)


def flask_port(text: str) -> int | None:
    """A port as Flask reads it: click's INT type is Python's `int()` of the text (blanks around it, a sign,
    `_` between digits and any Unicode decimal digits are fine; `0x13BF` is not), then a TCP port."""
    try:
        port = int(text)
    except ValueError:
        return None
    return port if 0 <= port <= 65535 else None


def env_chain(invocation: Invocation, dotenvs: Mapping[str, DotenvFile], root: str) -> EnvChain:
    """The dotenv files `flask run` loads, highest precedence first."""
    chain: EnvChain = []
    for path in invocation.env_files:
        if path in dotenvs:
            chain.append((dotenvs[path], f"--env-file {relative(path, root)}"))
    for name in (".env", ".flaskenv"):
        for folder in ancestors(invocation.cwd):
            found = dotenvs.get(os.path.join(folder, name))
            if found is not None:
                chain.append((found, relative(found.path, root)))
                break
    return chain


def run_sources(
    option: Token | None,
    option_name: str,
    variable: str,
    invocation: Invocation,
    chain: EnvChain,
    environ: Mapping[str, str],
) -> list[RunSource]:
    """Every source that sets the option `option_name` or the variable `variable`, highest precedence first."""
    sources: list[RunSource] = []
    if option is not None:
        sources.append(RunSource(option, option.text, f"{option_name} in {invocation.where}", variable=False))
    if variable in invocation.env:
        token = invocation.env[variable]
        sources.append(RunSource(token, token.text, f"{variable} in the environment of {invocation.where}"))
    if variable in environ:
        sources.append(RunSource(None, environ[variable], f"{variable} in the environment"))
    for dotenv, name in chain:
        if variable in dotenv.values:
            token = dotenv.values[variable]
            sources.append(RunSource(token, token.text, f"{variable} in {name}"))
    return sources


def first_value(variable: str, invocation: Invocation, chain: EnvChain) -> Token | None:
    """The variable's value in the command's environment or the dotenv files (`FLASK_APP`)."""
    if variable in invocation.env:
        return invocation.env[variable]
    return next((d.values[variable] for d, _ in chain if variable in d.values), None)


def flaskenv_insertion(cwd: str, dotenvs: Mapping[str, DotenvFile], root: str) -> Insertion | None:
    """Where `FLASK_RUN_PORT=N` goes for `flask run` from `cwd`: appended to the `.flaskenv` it reads
    (the lowest precedence, but then nothing else sets the port), else into a new `<cwd>/.flaskenv`."""
    if not is_inside(cwd, root):
        return None
    for folder in ancestors(cwd):
        if not is_inside(folder, root):
            break
        dotenv = dotenvs.get(os.path.join(folder, ".flaskenv"))
        if dotenv is not None:
            if dotenv.end is None:
                return None
            before = "FLASK_RUN_PORT=" if dotenv.ends_with_newline else "\nFLASK_RUN_PORT="
            return Insertion(dotenv.end, before, "\n")
    created = Location(os.path.join(os.path.normpath(cwd), ".flaskenv"), ZERO_RANGE)
    return Insertion(created, "FLASK_RUN_PORT=", "\n", create_file=True)
