"""One check of a workspace: read its configs, look at who listens, analyse. Shared by the CLI and the
language server; the I/O lives in the probes, the judgement in the core."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .core.analyze import analyze
from .core.facts import Fact
from .core.model import Claim, ConfigProblem, Finding, Settings, Snapshot
from .registry import TOOLS
from .tools.base import Checker, load_function
from .tools.resolve import resolve


@dataclass(frozen=True)
class Report:
    root: str
    claims: list[Claim]
    problems: list[ConfigProblem]
    snapshot: Snapshot | None
    findings: list[Finding]


def build_report(
    root: str,
    facts: Sequence[Fact],
    problems: Sequence[ConfigProblem],
    snapshot: Snapshot | None,
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
) -> Report:
    """The pure part: facts and a snapshot in, the report out."""
    claims = resolve(facts, root, environ)
    findings = analyze(claims, problems, snapshot, root, settings, tool_findings(facts, claims, root))
    return Report(root, claims, list(problems), snapshot, findings)


def tool_findings(facts: Sequence[Fact], claims: Sequence[Claim], root: str) -> list[Finding]:
    """What each tool judges from its own facts (a backend's CORS answers), beside the generic checks."""
    findings: list[Finding] = []
    for tool in TOOLS:
        if tool.checks:
            checker: Checker = load_function(tool.checks)
            findings += checker(facts, claims, root)
    return findings


def check_workspace(
    root: str,
    *,
    live: bool = True,
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
) -> Report:
    """Check the workspace at `root` once: read every config, and (live) look at who listens now."""
    from .workspace.files import load_workspace

    root = os.path.abspath(root)
    facts, problems = load_workspace(root)
    snapshot = None
    if live:
        from .system.listeners import take_snapshot

        snapshot = take_snapshot()
    return build_report(root, facts, problems, snapshot, settings, environ)
