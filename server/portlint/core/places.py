"""One diagnostic per place and short messages: what an editor's Problems list and quick-fix menu show.

A port held by AirPlay and also wanted by the hosting emulator is one cause at the Flask line, not two rows:
the findings about one port at one place become one, the most telling, with the others' words and places
in its related information and their fixes (each title once) beside its own. A message says what is wrong,
who holds the port and the way out in at most MESSAGE_LIMIT characters; a longer one keeps its full text
as related information.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec.structs import replace

from . import codes
from .holders import clip
from .model import Finding, Fix, Related

MESSAGE_LIMIT = 200
WAY_OUT = " Way out: "

# Which finding speaks for a place when several are about one port there (after severity): the cause a
# developer acts on first.
_PRECEDENCE = (
    codes.PORT_SPLIT_BETWEEN_LISTENERS,  # our server runs there too: "only some of the time" says it best
    codes.PORT_HELD_BY_FOREIGN_PROCESS,
    codes.LOCALHOST_RESOLVES_ELSEWHERE,
    codes.BROWSER_RESTRICTED_PORT,
    codes.PORT_CLAIMED_TWICE,
    codes.PROXY_TARGET_MISMATCH,
)


def one_per_place(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with those about one port at one place merged into one (in the order first met)."""
    groups: dict[object, list[Finding]] = {}
    for index, finding in enumerate(findings):
        key: object = (finding.location, finding.port) if finding.port is not None else index
        groups.setdefault(key, []).append(finding)
    return [_merge(group) for group in groups.values()]


def within_limit(finding: Finding) -> Finding:
    """The finding with a message of at most MESSAGE_LIMIT characters; the full text stays as related."""
    if len(finding.message) <= MESSAGE_LIMIT:
        return finding
    full = Related(finding.location, finding.message)
    return replace(finding, message=shorten(finding.message), related=(*finding.related, full))


def shorten(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """`message` in at most `limit` characters, keeping its "Way out: ..." when it has one: what is wrong is
    cut short before the way out is."""
    head, mark, way = message.partition(WAY_OUT)
    tail = mark + way
    if mark and len(tail) <= limit // 2:
        return clip(head, limit - len(tail)) + tail
    return clip(message, limit)


def unique_titles(fixes: Iterable[Fix]) -> tuple[Fix, ...]:
    """Each fix title once (the first, so a preferred fix put first stays)."""
    seen: dict[str, Fix] = {}
    for fix in fixes:
        seen.setdefault(fix.title, fix)
    return tuple(seen.values())


def _merge(group: list[Finding]) -> Finding:
    if len(group) == 1:
        return replace(group[0], fixes=unique_titles(group[0].fixes))
    ordered = sorted(group, key=_telling)
    lead, rest = ordered[0], ordered[1:]
    related: dict[tuple[object, str], Related] = {}
    for note in (
        *lead.related,
        *(Related(f.location, f"Also ({f.code}): {f.message}") for f in rest),
        *(note for f in rest for note in f.related),
    ):
        related.setdefault((note.location, note.message), note)
    fixes = unique_titles(fix for f in ordered for fix in f.fixes)
    first = next((fix for fix in fixes if fix.preferred), None)  # one preferred fix per place
    fixes = tuple(fix if fix is first or not fix.preferred else replace(fix, preferred=False) for fix in fixes)
    return replace(lead, related=tuple(related.values()), fixes=fixes)


def _telling(finding: Finding) -> tuple[int, int]:
    rank = _PRECEDENCE.index(finding.code) if finding.code in _PRECEDENCE else len(_PRECEDENCE)
    return (-finding.severity.rank, rank)
