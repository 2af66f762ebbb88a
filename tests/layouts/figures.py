"""The realistic layouts suite (issue 11): each folder here is a small workspace modelled on a real public
repository, with an `expected.json` saying what the real tools do there. This module runs portlint's real
analysis on one layout, compares it with the expected file, and computes the suite's figures:

- false findings: findings at warning or above that are not true for the layout (goal 0);
- claimed share: of the ports a developer of each layout really uses, how many portlint claims.

`python -m tests.layouts.figures` (from the repository root, with PYTHONPATH=server) prints them.

expected.json:
    claims       [{"service_contains": "...", "port": N, "role": "listen"|"connect"}]  ports really used
    findings     [{"code": "...", "file": "relative/path", "severity": "..."}]  true at warning or above
                 with no process listening; "code": "*" when issue 11 has not named the code yet
    not_claimed  [N | {"port": N, "role": "...", "service_contains": "...", "file": "relative/path"}]  claims
                 portlint must not make (`file`: the claim's location, e.g. a factory's app/__init__.py)
    known_wrong  "issue 11: ..."  (optional) what today's portlint gets wrong here: the case is an xfail
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portlint.check import Report, check_workspace
from portlint.core.model import Claim, Severity
from portlint.core.paths import relative

LAYOUTS = Path(__file__).resolve().parent
EXPECTED = "expected.json"
ANY_CODE = "*"


def layout_names() -> list[str]:
    return sorted(p.name for p in LAYOUTS.iterdir() if (p / EXPECTED).is_file())


def expected_of(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LAYOUTS / name / EXPECTED).read_text(encoding="utf-8"))
    return data


def analyse(name: str) -> Report:
    """portlint's real analysis of the layout, as `portlint check --no-live` does it, with no environment."""
    return check_workspace(str(LAYOUTS / name), live=False, environ={})


def _matches(claim: Claim, port: int, role: str | None, service: str | None, file: str | None = None) -> bool:
    return (
        claim.port == port
        and (role is None or claim.role.value == role)
        and (service is None or service.lower() in claim.service.lower())
        and (file is None or claim.location.file.replace("\\", "/").endswith("/" + file))
    )


def _describe(claim: Claim) -> str:
    return f"{claim.service} ({claim.role.value} {claim.host}:{claim.port})"


@dataclass
class Outcome:
    """How one layout's analysis compares with what the real tools do there."""

    name: str
    used: int = 0  # ports a developer really uses (expected claims)
    missing: list[str] = field(default_factory=list)  # expected claims portlint does not make
    invented: list[str] = field(default_factory=list)  # claims listed under not_claimed that portlint makes
    false_findings: list[str] = field(default_factory=list)  # reported at warning+ but not true
    missed_findings: list[str] = field(default_factory=list)  # true but not reported

    @property
    def claimed(self) -> int:
        return self.used - len(self.missing)

    @property
    def right(self) -> bool:
        return not (self.missing or self.invented or self.false_findings or self.missed_findings)

    def explain(self) -> str:
        parts = [
            ("expected claims missing", self.missing),
            ("claims that must not be made", self.invented),
            ("false findings", self.false_findings),
            ("true findings not reported", self.missed_findings),
        ]
        return "\n".join(f"{title}:\n  " + "\n  ".join(items) for title, items in parts if items)


def _finding_key(code: str, file: str, severity: str) -> str:
    return f"{code} {severity} at {file}"


def _finding_matches(want: dict[str, str], actual: tuple[str, str, str]) -> bool:
    code, file, severity = actual
    return want["code"] in (code, ANY_CODE) and (want["file"], want["severity"]) == (file, severity)


def _compare_findings(expected: Iterable[dict[str, str]], report: Report, outcome: Outcome) -> None:
    actual = Counter(
        (f.code, relative(f.location.file, report.root), f.severity.value)
        for f in report.findings
        if f.severity.rank >= Severity.WARNING.rank
    )
    for want in expected:
        key = next((k for k in actual if actual[k] and _finding_matches(want, k)), None)
        if key is None:
            outcome.missed_findings.append(_finding_key(want["code"], want["file"], want["severity"]))
        else:
            actual[key] -= 1
    outcome.false_findings += [_finding_key(*key) for key, n in sorted(actual.items()) for _ in range(n)]


def compare(name: str, report: Report | None = None, expected: dict[str, Any] | None = None) -> Outcome:
    expected = expected or expected_of(name)
    report = report or analyse(name)
    outcome = Outcome(name, used=len(expected["claims"]))
    unmatched = list(report.claims)  # each expected claim takes its own actual claim (two samples on 5000)
    for want in expected["claims"]:
        found = next((c for c in unmatched if _matches(c, want["port"], want["role"], want["service_contains"])), None)
        if found is None:
            outcome.missing.append(f"{want['service_contains']!r} {want['role']} {want['port']}")
        else:
            unmatched.remove(found)
    for banned in expected["not_claimed"]:
        rule = banned if isinstance(banned, dict) else {"port": banned}
        hits = [
            c
            for c in report.claims
            if _matches(c, rule["port"], rule.get("role"), rule.get("service_contains"), rule.get("file"))
        ]
        outcome.invented += [_describe(c) for c in hits]
    _compare_findings(expected["findings"], report, outcome)
    return outcome


@dataclass(frozen=True)
class Figures:
    layouts: int
    wrong_layouts: int
    false_findings: int
    used: int
    claimed: int
    invented: int
    missed_findings: int

    @property
    def claimed_share(self) -> float:
        return self.claimed / self.used if self.used else 1.0

    def lines(self) -> list[str]:
        return [
            f"layouts: {self.layouts} ({self.wrong_layouts} where portlint is wrong today)",
            f"false findings at warning or above: {self.false_findings} (goal 0)",
            f"ports really used that portlint claims: {self.claimed}/{self.used} ({self.claimed_share:.0%})",
            f"claims that must not be made: {self.invented}",
            f"true findings not reported: {self.missed_findings}",
        ]


def figures(outcomes: Iterable[Outcome]) -> Figures:
    done = list(outcomes)
    return Figures(
        layouts=len(done),
        wrong_layouts=sum(not o.right for o in done),
        false_findings=sum(len(o.false_findings) for o in done),
        used=sum(o.used for o in done),
        claimed=sum(o.claimed for o in done),
        invented=sum(len(o.invented) for o in done),
        missed_findings=sum(len(o.missed_findings) for o in done),
    )


def main() -> int:
    outcomes = [compare(name) for name in layout_names()]
    for outcome in outcomes:
        if not outcome.right:
            print(f"== {outcome.name}\n{outcome.explain()}")
    print("\n".join(figures(outcomes).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
