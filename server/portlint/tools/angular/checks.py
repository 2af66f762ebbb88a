"""What only the Angular dev server's rules can say: a proxy config option written beside the entries."""

from __future__ import annotations

from collections.abc import Sequence

from ...core import codes
from ...core.model import Claim, Finding, Severity
from ...core.paths import relative
from .facts import ProxyStrayKey


def check(facts: Sequence[object], claims: Sequence[Claim], root: str) -> list[Finding]:
    return [
        Finding(
            codes.PROXY_CONFIG_STRAY_KEY,
            Severity.WARNING,
            f"`{fact.key}` at the top level of {relative(fact.file, root)} is no proxy path: webpack's dev server "
            "ignores it, Angular 17+'s Vite-based one fails on it. Way out: move it into the entries.",
            fact.location,
        )
        for fact in facts
        if isinstance(fact, ProxyStrayKey)
    ]
