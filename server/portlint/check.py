"""One check of a workspace: read its configs, look at who listens, analyse. Shared by the CLI and the
language server; the I/O lives in the probes, the judgement in the core."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .core.analyze import analyze
from .core.model import Claim, ConfigProblem, Finding, Settings, Snapshot
from .core.resolve import resolve


@dataclass(frozen=True)
class Report:
    root: str
    claims: list[Claim]
    problems: list[ConfigProblem]
    snapshot: Snapshot | None
    findings: list[Finding]


def check_workspace(
    root: str,
    *,
    live: bool = True,
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
    snapshot: Snapshot | None = None,
) -> Report:
    """Check the workspace at `root`. `snapshot` may be given (the language server keeps its own)."""
    from .probes.workspace_files import load_workspace

    root = os.path.abspath(root)
    facts, problems = load_workspace(root)
    claims = resolve(facts, root, environ)
    if live and snapshot is None:
        from .probes.listeners import take_snapshot

        snapshot = take_snapshot()
    if not live:
        snapshot = None
    findings = analyze(claims, problems, snapshot, root, settings)
    return Report(root, claims, problems, snapshot, findings)
