"""One check of a workspace: read its configs, look at who listens, analyse. Shared by the CLI and the
language server; the I/O lives in the probes, the judgement in the core."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.cors.exchange import CorsRoute
    from .core.facts import Fact, ParseResult
    from .core.model import Claim, ConfigProblem, Finding, Settings, Snapshot
    from .core.report import Holder, Report
    from .workspace.child_scan import ChildScan
    from .workspace.discover import ConfigFile

__all__ = ["Holder", "Report", "build_report", "check_workspace"]


def __getattr__(name: str) -> object:
    """`Report` and `Holder`, importable from here as ever, load the core when first asked for: the CLI
    imports this module before its walk, which needs none of the analysis."""
    if name in ("Holder", "Report"):
        from .core import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_report(
    root: str,
    facts: Sequence[Fact],
    problems: Sequence[ConfigProblem],
    snapshot: Snapshot | None,
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
    is_free: Callable[[int], bool] | None = None,
) -> Report:
    """Facts and a snapshot in, the one report every consumer reads out: settings applied, ours/foreign
    decided once per listener, every fix attached. `is_free` is the bind test behind "Switch to free
    port N" (the real one by default)."""
    from .core.analyze import analyze
    from .core.facts import ServerPort
    from .core.model import Settings
    from .core.report import Report, claims_to_report, decide_holders
    from .fixes import with_port_switches
    from .tools.resolve import resolve

    settings = settings or Settings()
    resolved = resolve(facts, root, environ)
    claims = claims_to_report(resolved, settings)
    holders = decide_holders(snapshot, root, settings, claims)
    ours = {h.listener: h.ours for h in holders}
    checked = tool_findings(facts, claims, root)
    named = {fact.port for fact in facts if isinstance(fact, ServerPort)}
    findings = analyze(
        claims, problems, snapshot, root, settings, checked, ours=lambda h: ours.get(h, False), server_ports=named
    )
    reserved = snapshot.reserved if snapshot is not None else ()
    findings = with_port_switches(findings, claims, {c.port for c in resolved}, is_free, reserved)
    return Report(root, settings, claims, holders, findings, list(problems), snapshot)


def tool_findings(facts: Sequence[Fact], claims: Sequence[Claim], root: str) -> list[Finding]:
    """What each tool judges from its own facts (a backend's CORS answers), beside the generic checks."""
    from .core.model import Part, Role
    from .registry import tools_reading
    from .tools.base import Checker, load_function

    # Cross-origin requests come from a front end's pages (core/cors/plan.py): without a front-end dev server
    # no route is asked anything, and neither the routes nor the CORS core are loaded.
    asked = any(claim.part is Part.FRONTEND and claim.role is Role.LISTEN for claim in claims)
    findings: list[Finding] = []
    routes: list[CorsRoute] = []
    for tool in tools_reading(facts):
        if tool.checks:
            checker: Checker = load_function(tool.checks)
            findings += checker(facts, claims, root)
        if tool.cors and asked:
            routes += load_function(tool.cors)(facts, claims)
    if routes:  # the CORS core loads only for a workspace with routes that answer cross-origin requests
        from .core.cors.findings import cors_findings
        from .core.cors.plan import plan_from_facts

        ports = [route.port for route in routes if route.port is not None]
        findings += cors_findings(routes, plan_from_facts(facts, claims, root, ports))
    return findings


def check_workspace(
    root: str,
    *,
    live: bool = True,
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
    child: ChildScan | None = None,
) -> Report:
    """Check the workspace at `root` once: read every config, and (live) look at who listens now. `child`: a
    child process scanning `root` already (the command line's `start_child_scan`); while it walks, this one
    looks at the listeners and imports the analysis."""
    from .workspace.files import load_workspace

    root = os.path.abspath(root)
    snapshot = None
    if live:
        from .system.listeners import take_snapshot

        snapshot = take_snapshot()
    if child is not None:
        _import_analysis()
        facts, problems = load_workspace(root, child, _parse_and_import_checks())
    else:
        facts, problems = load_workspace(root)
    return build_report(root, facts, problems, snapshot, settings, environ)


def _parse_and_import_checks() -> Callable[[ConfigFile, str], ParseResult]:
    """`parse_text`, which also imports the resolver and checks of each tool as soon as a fact it reads
    arrives: imported while the child scan walks its last folders (the report's ≈ 5 ms of imports)."""
    from .registry import tools_reading
    from .tools.base import load_function
    from .workspace.load import parse_text

    seen: set[type] = set()

    def parse(file: ConfigFile, text: str) -> ParseResult:
        result = parse_text(file, text)
        if result.facts and not seen.issuperset(kinds := {type(fact) for fact in result.facts}):
            seen.update(kinds)
            for tool in tools_reading(result.facts):
                for spec in (tool.resolve, tool.checks):
                    if spec:
                        load_function(spec)
        return result

    return parse


def _import_analysis() -> None:
    """What every report needs, imported while a child process walks (it runs on the other core)."""
    from . import fixes  # noqa: F401
    from .core import analyze, report  # noqa: F401
    from .system import bind  # noqa: F401 - the free-port test behind "Switch to free port"
    from .tools import resolve  # noqa: F401
