"""How many inputs the fuzzers tried: counted per target, written to test-artifacts/ and printed."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "test-artifacts" / "hardening-fuzz.json"

TRIED: Counter[str] = Counter()


def examples(default: int) -> int:
    """Hypothesis examples per test: `default`, or PORTLINT_FUZZ_EXAMPLES when it is set."""
    raised = os.environ.get("PORTLINT_FUZZ_EXAMPLES", "")
    return int(raised) if raised.isdigit() and int(raised) > 0 else default


def write_tally() -> dict[str, int]:
    """Merge this run's counts into the artifact (other test modules add theirs) and print them."""
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    try:
        recorded: dict[str, int] = json.loads(ARTIFACT.read_text())["tried"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = {}
    recorded.update(TRIED)
    total = sum(v for k, v in recorded.items() if k != "total")
    recorded["total"] = total
    ARTIFACT.write_text(json.dumps({"tried": recorded}, indent=2, sort_keys=True) + "\n")
    print(f"\nfuzz inputs tried: {json.dumps(recorded, sort_keys=True)} -> {ARTIFACT}")
    return recorded
