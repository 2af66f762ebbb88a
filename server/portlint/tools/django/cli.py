"""`manage.py runserver [-6] [ADDRPORT]`, read as Django's `runserver` reads it: ADDRPORT is `PORT`,
`IPV4:PORT`, `[IPV6]:PORT` or `NAME:PORT` (Django's `naiveip_re`); the parts go to `Invocation.host`/`port`."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ...core.facts import Invocation, Token
from ...core.model import Location
from ...readers.options import Options
from ...readers.shell_words import MappedText, Word
from . import NAME

if TYPE_CHECKING:
    from ...readers.command_site import CommandSite

# Django's own pattern (django/core/management/commands/runserver.py), as data.
ADDRPORT = re.compile(
    r"""^(?:(?P<addr>
        (?P<ipv4>\d{1,3}(?:\.\d{1,3}){3}) |
        (?P<ipv6>\[[a-fA-F0-9:]+\]) |
        (?P<fqdn>[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)
    ):)?(?P<port>\d+)$""",
    re.X,
)
IPV6_FLAG = "--ipv6"  # carried in `Invocation.configuration` when given
_VALUE_OPTIONS = ("--settings", "--pythonpath", "-v", "--verbosity")


def read_django_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """None unless the command is `runserver`. An ADDRPORT Django refuses ("is not a valid port number or
    address:port pair") starts nothing: None too."""
    options = Options(list(args))
    subcommand = None
    while options.more() and subcommand is None:
        if options.value(*_VALUE_OPTIONS) is None:
            subcommand = options.positional()
    if subcommand is None or subcommand.text != "runserver":
        return None
    addrport: Word | None = None
    ipv6 = False
    while options.more():
        if options.peek() in ("-6", IPV6_FLAG):
            ipv6 = True
            options.skip()
        elif options.value(*_VALUE_OPTIONS) is not None:
            continue
        elif (word := options.positional()) is not None and addrport is None:
            addrport = word
    port = host = None
    computed: tuple[str, ...] = ()
    if addrport is not None and not addrport.literal:
        computed = ("addrport",)
    elif addrport is not None:
        match = ADDRPORT.match(addrport.text)
        if match is None:
            return None
        port = site.token(_part(addrport, match, "port"))
        if match.group("addr"):
            ipv6 = ipv6 or bool(match.group("ipv6"))
            host = site.token(_part(addrport, match, "addr", brackets=bool(match.group("ipv6"))))
    return site.invocation(
        Invocation,
        NAME,
        command,
        cwd,
        port=port,
        host=host,
        env=env,
        configuration=IPV6_FLAG if ipv6 else None,
        computed=computed + tuple(sorted(computed_env)),
    )


def _part(word: MappedText, match: re.Match[str], group: str, brackets: bool = False) -> MappedText:
    start, end = match.span(group)
    return word.slice(start + 1, end - 1) if brackets else word.slice(start, end)
