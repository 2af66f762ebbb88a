"""The first scan as a user pays it: a cold `portlint check --no-live` process beside `rg -l` reading the same
tree (the same pruned folders and .gitignore), each run as a fresh process.

    python bench/make_tree.py /tmp/check-tree --python 10000
    python bench/bench_first_scan.py /tmp/check-tree [--runs 5] [--drop-caches]

Exit status 0 when portlint's median is within TARGET_RATIO of rg's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_discover import PRUNED_FOLDERS, drop_caches, machine

TARGET_RATIO = 2.0
PACKAGE = Path(__file__).resolve().parent.parent / "server" / "portlint"
# This checkout's package, whatever an installed (editable) portlint points at: the one whose bytecode is compiled.
ENVIRON = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}


def portlint_command(root: str) -> list[str]:
    return [sys.executable, "-m", "portlint", "check", "--no-live", "--fail-on", "never", root]


def rg_command(root: str) -> list[str]:
    # -l with a pattern reads every candidate file, as portlint must read its candidate configs.
    globs = [argument for name in sorted(PRUNED_FOLDERS) for argument in ("--glob", f"!{name}")]
    return ["rg", "-l", "--hidden", "--no-require-git", *globs, "lask", root]


def seconds(command: list[str], drop: bool) -> float:
    if drop:
        drop_caches()
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENVIRON)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", help="a tree written by bench/make_tree.py")
    parser.add_argument("--runs", type=int, default=5, help="runs per tool (default 5)")
    parser.add_argument("--drop-caches", action="store_true", help="drop the page cache before each run (root)")
    arguments = parser.parse_args()
    # An installed package has its bytecode compiled (pip does it), as bench_lsp.py assumes too; a checkout
    # run with PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run (~0.1 s).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)
    results = {}
    for name, command in (("portlint check --no-live", portlint_command), ("rg -l", rg_command)):
        seconds(command(arguments.root), False)  # one warm-up: the interpreter and rg themselves
        runs = [seconds(command(arguments.root), arguments.drop_caches) for _ in range(arguments.runs)]
        results[name] = statistics.median(runs)
        low, high = min(runs) * 1000, max(runs) * 1000
        print(f"{name:26} median {results[name] * 1000:7.0f} ms  (min {low:.0f}, max {high:.0f})")
    ratio = results["portlint check --no-live"] / results["rg -l"]
    print(f"ratio {ratio:.2f} (target <= {TARGET_RATIO}); {machine()}")
    sys.exit(0 if ratio <= TARGET_RATIO else 1)


if __name__ == "__main__":
    main()
