"""The one report every consumer reads: the CLI's text, JSON, SARIF and ports table, the language server's
diagnostics, hover, port map and status item.

Built once per check (`portlint.check.build_report`): the settings are already applied (claims on ignored
ports are gone, severities adjusted), every listener's "ours or foreign" is decided once here, and every
finding carries all its fixes. Consumers only render; none decides anything again.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Literal

from msgspec import Struct, field

from .holders import is_ours, vouched_by
from .model import Claim, ConfigProblem, Finding, Listener, Settings, Snapshot
from .reach import holders as reach_holders

Side = Literal["ours", "foreign"]


class Holder(Struct, frozen=True):
    """A listener and the one decision about it: a process of this workspace, or foreign."""

    listener: Listener
    ours: bool


# dict=True: room for the cached `_ours` (a Struct has only its fields' slots).
class Report(Struct, frozen=True, dict=True):
    root: str
    settings: Settings
    claims: list[Claim]  # without the claims on ignored ports
    holders: tuple[Holder, ...]  # one per listener of the snapshot (none without a snapshot)
    findings: list[Finding]
    problems: list[ConfigProblem] = field(default_factory=list)
    snapshot: Snapshot | None = None

    @cached_property
    def _ours(self) -> dict[Listener, bool]:  # not a field: out of equality and repr, as before
        return {h.listener: h.ours for h in self.holders}

    @property
    def live(self) -> bool:
        return self.snapshot is not None

    def is_ours(self, listener: Listener) -> bool:
        """The report's decision; a listener it never saw is not known to be ours."""
        return self._ours.get(listener, False)

    def holders_of(self, claim: Claim) -> list[Holder]:
        """For a listen claim, who is in the way; for a connect claim, who answers."""
        return [Holder(listener, self.is_ours(listener)) for listener in reach_holders(claim, self.snapshot)]

    def side(self, claim: Claim) -> Side | None:
        """`ours` when every holder of the claim's port is ours, `foreign` when one is not, None when nobody
        holds it (or listeners were not looked at)."""
        holders = self.holders_of(claim)
        if not holders:
            return None
        return "ours" if all(h.ours for h in holders) else "foreign"


def decide_holders(
    snapshot: Snapshot | None, root: str, settings: Settings, claims: Sequence[Claim] = ()
) -> tuple[Holder, ...]:
    """Ours or foreign, once per listener, with the user's `neverForeign` and what the tools of the claims on
    its port vouch for (`Claim.ours_when_held_by`)."""
    if snapshot is None:
        return ()
    vouched = {port: vouched_by(claims, port) for port in {c.port for c in claims if c.ours_when_held_by}}
    return tuple(
        Holder(listener, is_ours(listener.process, root, settings, vouched.get(listener.port, frozenset())))
        for listener in snapshot.listeners
    )


def claims_to_report(claims: Sequence[Claim], settings: Settings) -> list[Claim]:
    """The claims a user wants to hear about: none on an ignored port."""
    return [c for c in claims if c.port not in settings.ignored_ports]
