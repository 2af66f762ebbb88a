"""What only firebase-tools' rules can say: an `emulators.<name>` entry that `firebase emulators:start` skips."""

from __future__ import annotations

from collections.abc import Sequence

from ...core import codes
from ...core.model import Claim, Finding, Severity
from .emulators import emulators_started
from .facts import FirebaseProject


def check(facts: Sequence[object], claims: Sequence[Claim], root: str) -> list[Finding]:
    findings = []
    for project in (f for f in facts if isinstance(f, FirebaseProject)):
        entries = dict(project.entries)
        for name, _words in emulators_started(project).skipped:
            if name in entries:
                findings.append(
                    Finding(
                        codes.EMULATOR_NOT_STARTED,
                        Severity.INFORMATION,
                        f"firebase-tools does not start the {name} emulator (no top-level `{name}` config), so this "
                        f"port is unused. Way out: add the `{name}` config, or remove this entry.",
                        entries[name],
                    )
                )
    return findings
