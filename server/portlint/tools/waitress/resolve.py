"""waitress facts → claims. `listen` (space-separated, repeatable on the command line) > `host`/`port` (each
defaulting to the other's default) > 0.0.0.0:8080. `*` binds every address (0.0.0.0 and ::); a host name binds
every address it resolves to. Taken: "[Errno 98] Address already in use" and waitress stops."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from ...core.facts import Address, Invocation, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import WaitressServe
from .listen import DEFAULT_HOST, DEFAULT_PORT, split_listen

WHEN_TAKEN = WhenTaken(Taken.FAILS, "waitress", "[Errno 98] Address already in use")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims: list[Claim] = []
    for fact in facts:
        if isinstance(fact, Invocation) and fact.tool == NAME and not {"--port", "--listen"} & set(fact.computed):
            service = f"waitress {fact.app.text if fact.app else relative(fact.cwd, context.root) or '.'}"
            claims += _claims(
                service, fact.binds, fact.host, fact.port, fact.location, f"waitress-serve in {fact.where}"
            )
        elif isinstance(fact, WaitressServe) and fact.readable:
            name = relative(fact.file, context.root)
            listens = split_listen(fact.listen, partial(_piece, fact.listen)) if fact.listen else []
            claims += _claims(
                f"waitress {name}", tuple(listens), fact.host, fact.port, fact.location, f"serve() in {name}"
            )
    return claims


def _piece(token: Token, start: int, end: int) -> Token:
    """Part of a token, located character for character when the token is on one line as written."""
    rng = token.location.range
    if rng.start.line != rng.end.line or rng.end.character - rng.start.character != len(token.text):
        return Token(token.text[start:end], token.location)
    begin = rng.start
    location = Location(
        token.location.file, type(rng).of(begin.line, begin.character + start, begin.line, begin.character + end)
    )
    return Token(token.text[start:end], location)


def _claims(
    service: str, listens: Sequence[Address], host: Token | None, port: Token | None, at: Location, origin: str
) -> list[Claim]:
    if not listens:
        default_port = port is None
        listens = [Address(host or Token(DEFAULT_HOST, at), host, port or Token(str(DEFAULT_PORT), at))]
    else:
        default_port = False
    claims = []
    for bind in listens:
        number = bind.port.text if bind.port is not None else (port.text if port is not None else str(DEFAULT_PORT))
        if not number.isdigit() or not 0 < int(number) <= 65535:
            continue
        address = bind.host.text if bind.host is not None and bind.host.text else DEFAULT_HOST
        for host_name in ("0.0.0.0", "::") if address == "*" else (address,):
            claims.append(
                Claim(
                    service,
                    NAME,
                    Role.LISTEN,
                    host_name,
                    int(number),
                    not default_port,
                    bind.port.location if bind.port is not None else at,
                    origin if not default_port else f"waitress's default port {DEFAULT_PORT} ({origin})",
                    names_port=bind.port is not None and bind.port.location != at,
                    part=Part.BACKEND,
                    localhost_binds=LocalhostBinds.EVERY_RESOLVED,
                    when_taken=WHEN_TAKEN,
                )
            )
    return claims
