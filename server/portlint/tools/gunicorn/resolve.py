"""gunicorn facts → claims, with gunicorn's precedence (verified against gunicorn 27 in the fidelity tests).

The bind list comes whole from the highest source that sets it: `-b/--bind` on the command line (repeatable)
> `GUNICORN_CMD_ARGS` > the config file's `bind` (`-c FILE`, else `gunicorn.conf.py` in the working folder) >
the default, `0.0.0.0:$PORT` when `PORT` is in the environment (a Procfile runner sets it), else
127.0.0.1:8000. An address without a port binds 8000; `:8000` binds every IPv4 address; `unix:` and `fd://`
bind no TCP port. Taken: gunicorn retries five times, a second apart, then exits.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable, Mapping, Sequence

from msgspec import Struct
from msgspec.structs import replace

from ...core.facts import Address, Invocation, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .address import DEFAULT_PORT, address, host_of
from .facts import GunicornConfig

WHEN_TAKEN = WhenTaken(Taken.FAILS, "gunicorn", "Connection in use ... Can't connect to (after five retries)")
_CMD_ARGS = "GUNICORN_CMD_ARGS"


class _Binds(Struct, frozen=True):
    addresses: tuple[Address, ...]
    says: str  # where they come from, in words
    in_file: bool  # their tokens point at the characters that write them: an edit can change them
    # Per address index: words to add to the origin, and whether a file still holds its port (a config's
    # `os.environ.get("PORT", 5006)`: the fallback is in the file, the runner's or environment's value is not).
    notes: tuple[tuple[int, str, bool], ...] = ()


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    configs = {f.file: f for f in facts if isinstance(f, GunicornConfig)}
    claims: list[Claim] = []
    for fact in facts:
        if isinstance(fact, Invocation) and fact.tool == NAME:
            claims += _claims(fact, configs, context)
    return claims


def _claims(invocation: Invocation, configs: Mapping[str, GunicornConfig], context: ResolveContext) -> list[Claim]:
    binds = _binds(invocation, configs, context.environ)
    if binds is None:
        return []
    app = invocation.app.text if invocation.app is not None else relative(invocation.cwd, context.root) or "."
    claims = []
    notes = {index: (words, held) for index, words, held in binds.notes}
    for index, bind in enumerate(binds.addresses):
        if not bind.tcp:
            continue
        port = _port(bind)
        if port is None:
            return []  # "... is not a valid port number": gunicorn does not start
        words, held = notes.get(index, ("", True))
        names = binds.in_file and bind.port is not None and held
        location = bind.port.location if bind.port is not None and binds.in_file else bind.written.location
        says = binds.says + words
        claims.append(
            Claim(
                f"gunicorn {app}",
                NAME,
                Role.LISTEN,
                host_of(bind),
                port,
                bind.port is not None,
                location,
                says if bind.port is not None else f"gunicorn's default port {DEFAULT_PORT} ({says})",
                names_port=names,
                part=Part.BACKEND,
                localhost_binds=LocalhostBinds.IPV4_LOOPBACK,  # one socket, of the family the name suggests
                when_taken=WHEN_TAKEN,
            )
        )
    return claims


def _binds(invocation: Invocation, configs: Mapping[str, GunicornConfig], environ: Mapping[str, str]) -> _Binds | None:
    """The bind list and its source, or None when only run time knows it."""
    if invocation.binds:
        return _Binds(invocation.binds, f"-b in {invocation.where}", True)
    if "--bind" in invocation.computed or _CMD_ARGS in invocation.computed:
        return None
    cmd_args = _cmd_args(invocation, environ)
    if cmd_args is not None and cmd_args[1]:
        return _Binds(cmd_args[1], f"{_CMD_ARGS} ({cmd_args[3]})", False)
    config_file = invocation.config_file or (cmd_args[2] if cmd_args is not None else None)
    if "--config" in invocation.computed or (cmd_args is not None and cmd_args[2] == ""):
        return None
    config = configs.get(config_file or os.path.join(invocation.cwd, "gunicorn.conf.py"))
    if config_file is not None and config is None:
        return None  # a config file portlint has not read: its bind is unknown
    if config is not None and config.bind_computed:
        return None
    if config is not None and config.bind_at is not None:
        return _config_binds(config, invocation, environ)
    return _default(invocation, environ)


def _config_binds(config: GunicornConfig, invocation: Invocation, environ: Mapping[str, str]) -> _Binds:
    """The config's binds, a port read from the environment taking the value the command runs with."""
    name = os.path.basename(config.file)
    says = f"bind in {name}" + ("" if config.file == invocation.file else f", used by {invocation.where}")
    addresses: list[Address] = []
    notes: list[tuple[int, str, bool]] = []
    for index, bind in enumerate(config.binds):
        variable = config.port_variables[index] if index < len(config.port_variables) else None
        token = invocation.env.get(variable) if variable is not None else None
        if variable is not None and token is not None and bind.port is not None:
            by_runner = variable in invocation.set_by_runner
            where = "set by the Procfile runner" if by_runner else f"in the environment of {invocation.where}"
            bind = replace(bind, port=token)
            notes.append((index, f", with {variable} {token.text} {where}", not by_runner))
        elif variable is not None and variable in environ and bind.port is not None:
            bind = replace(bind, port=Token(environ[variable], bind.written.location))
            notes.append((index, f", with {variable} in the environment", False))
        elif variable is not None:
            notes.append((index, f" (its fallback when {variable} is not set)", True))
        addresses.append(bind)
    return _Binds(tuple(addresses), says, True, tuple(notes))


def _default(invocation: Invocation, environ: Mapping[str, str]) -> _Binds | None:
    """`0.0.0.0:$PORT` when PORT is set (by the runner, the command line or the environment), else 127.0.0.1:8000."""
    if "PORT" in invocation.env:
        token = invocation.env["PORT"]
        by_runner = "PORT" in invocation.set_by_runner
        says = f"PORT {token.text}, set by the Procfile runner for" if by_runner else "PORT in the environment of"
        written = Token(f"0.0.0.0:{token.text}", token.location)
        port = Token(token.text, token.location)
        bind = Address(written, None, port)
        return _Binds((bind,), f"gunicorn's default 0.0.0.0:$PORT, with {says} {invocation.where}", not by_runner)
    if "PORT" in invocation.computed:
        return None
    if "PORT" in environ:
        bind = _unplaced(f"0.0.0.0:{environ['PORT']}", invocation.location)
        return _Binds(
            (bind,),
            f"gunicorn's default 0.0.0.0:$PORT, with PORT in the environment, used by {invocation.where}",
            False,
        )
    written = Token("127.0.0.1", invocation.location)
    return _Binds((Address(written, written, None),), f"for {invocation.where} (no -b, bind or PORT)", False)


def _cmd_args(
    invocation: Invocation, environ: Mapping[str, str]
) -> tuple[Token | None, tuple[Address, ...], str | None, str] | None:
    """GUNICORN_CMD_ARGS, read as gunicorn reads it (`shlex.split`): (its token, its binds, the config it
    names — "" when it cannot be read —, where in words); None when unset."""
    token = invocation.env.get(_CMD_ARGS)
    text = token.text if token is not None else environ.get(_CMD_ARGS)
    if text is None:
        return None
    where = f"in the environment of {invocation.where}" if token is not None else "in the environment"
    at = token.location if token is not None else invocation.location
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    binds: list[Address] = []
    config: str | None = None
    for option, value in _option_values(words):
        if option in ("-b", "--bind"):
            binds.append(_unplaced(value, at))
        elif option in ("-c", "--config"):
            config = (
                ""
                if value.startswith("python:")
                else os.path.normpath(os.path.join(invocation.cwd, value.removeprefix("file:")))
            )
    return token, tuple(binds), config, where


def _unplaced(text: str, at: Location) -> Address:
    """An address no file writes character for character: every part points at `at`."""
    return address(Token(text, at), lambda span: Token(text[span[0] : span[1]], at))


def _option_values(words: Iterable[str]) -> Iterable[tuple[str, str]]:
    pending: str | None = None
    for word in words:
        if pending is not None:
            yield pending, word
            pending = None
        elif word in ("-b", "--bind", "-c", "--config"):
            pending = word
        elif word.startswith(("--bind=", "--config=")):
            option, _, value = word.partition("=")
            yield option, value
        elif word.startswith(("-b", "-c")) and len(word) > 2:
            yield word[:2], word[2:]


def _port(bind: Address) -> int | None:
    if bind.port is None:
        return DEFAULT_PORT
    try:
        port = int(bind.port.text)
    except ValueError:
        return None
    return port if 0 < port <= 65535 else None
