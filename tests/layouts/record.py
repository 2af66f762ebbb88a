"""The outcomes of the layouts checked in this run, for the figures printed at its end."""

from __future__ import annotations

from .figures import Outcome

OUTCOMES: list[Outcome] = []
