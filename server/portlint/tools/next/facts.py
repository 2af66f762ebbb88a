"""A `next dev` / `next start` command line."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Invocation
from ...core.model import Location


@dataclass(frozen=True)
class NextInvocation(Invocation):
    """`configuration` is "dev" or "start"; `pin_at` is where ` -p N` goes (after the command word)."""

    pin_at: Location | None = None
