"""`portlint check` on the demo workspace as a cold process, the way a terminal or CI runs it.

Run: .venv/bin/python bench/bench_check.py [ROUNDS]. Prints the median and worst wall time of whole
processes (interpreter start, imports, discovery, parsing, the listener snapshot, output).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "examples" / "airplay-5000"


def run(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "portlint", *args], capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cases = {
        "check (live)": ["check", str(DEMO)],
        "check --no-live": ["check", str(DEMO), "--no-live"],
        "check --format sarif": ["check", str(DEMO), "--format", "sarif"],
        "python -c pass (interpreter alone)": None,
    }
    print(f"{'case':40} {'median ms':>10} {'max ms':>8}  ({rounds} rounds)")
    for name, args in cases.items():
        if args is None:
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-c", "pass"], check=False)
                times.append(time.perf_counter() - started)
        else:
            run(args)  # warm the page cache once, as any second run would be
            times = [run(args) for _ in range(rounds)]
        print(f"{name:40} {statistics.median(times) * 1000:10.0f} {max(times) * 1000:8.0f}")


if __name__ == "__main__":
    main()
