"""Times portlint's `discover()` against `rg --files` with the same ignores, side by side.

    python bench/make_tree.py /tmp/bench-tree
    python bench/bench_discover.py /tmp/bench-tree [--runs 10] [--drop-caches]

For each: the first (cold-ish) run and the median of the warm runs. `--drop-caches` empties the kernel's page,
dentry and inode caches before each first run (root only; it slows the whole machine down for a moment),
so "first" is truly cold; without it "first" is only the first run of this process.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from portlint.workspace.discover import PRUNED_FOLDERS, discover

TARGET_SECONDS = 0.5


def timed(action: Callable[[], object], runs: int, drop: bool) -> tuple[float, float, object]:
    """(first run, median of `runs` warm runs, last result) in seconds."""
    if drop:
        drop_caches()
    start = time.perf_counter()
    result = action()
    first = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        warm.append(time.perf_counter() - start)
    return first, statistics.median(warm), result


def drop_caches() -> None:
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as control:
        control.write("3\n")


def rg_command(root: str) -> list[str]:
    # rg reads .gitignore (also outside a git repo with --no-require-git) and skips hidden files unless
    # --hidden; the globs prune the same folder names discover() prunes.
    globs = [argument for name in sorted(PRUNED_FOLDERS) for argument in ("--glob", f"!{name}")]
    return ["rg", "--files", "--hidden", "--no-require-git", *globs, root]


def run_rg(root: str) -> int:
    output = subprocess.run(rg_command(root), capture_output=True, check=True).stdout
    return output.count(b"\n")


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs {model}, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", help="a tree written by bench/make_tree.py")
    parser.add_argument("--runs", type=int, default=10, help="warm runs per tool (default 10)")
    parser.add_argument("--drop-caches", action="store_true", help="start each tool cold (root only)")
    arguments = parser.parse_args()
    root = os.path.abspath(arguments.root)

    print(machine())
    print(time.strftime("%Y-%m-%d %H:%M"), f"tree {root}, {arguments.runs} warm runs each")
    first, median, result = timed(lambda: discover(root), arguments.runs, arguments.drop_caches)
    files = len(result.files) if hasattr(result, "files") else 0
    print(f"discover()  first {first * 1000:7.1f} ms   median {median * 1000:7.1f} ms   {files} configs found")
    verdict = median < TARGET_SECONDS
    if shutil.which("rg"):
        rg_first, rg_median, listed = timed(lambda: run_rg(root), arguments.runs, arguments.drop_caches)
        print(
            f"rg --files  first {rg_first * 1000:7.1f} ms   median {rg_median * 1000:7.1f} ms   {listed} files listed"
        )
        print(f"discover / rg (median): {median / rg_median:.2f}")
        verdict = verdict and median <= rg_median
    else:
        print("rg not found: install ripgrep to compare")
    print("PASS" if verdict else "FAIL", f"(target: median under {TARGET_SECONDS} s and no slower than rg)")
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
