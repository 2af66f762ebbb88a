"""How fast portlint sees who listens, with 500 extra listening sockets on 127.0.0.1.

    .venv/bin/python bench/bench_listeners.py [--sockets 500] [--rounds 7]

Measures the cheap change-detection look (`listening_sockets()`, target: median under 2 ms), owner
attribution, and full snapshots by each method, beside `ss -ltnp` run as a subprocess (wall time).
Prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import psutil

from holders import listener
from portlint.system import lsof, procfs
from portlint.system.listeners import attribute, listening_sockets, take_snapshot


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the slow measurements")
    parser.add_argument("--looks", type=int, default=500, help="calls of the cheap look")
    args = parser.parse_args()

    with listener("127.0.0.1", 0, count=args.sockets) as holder:
        ours = set(holder.ports)
        everything = listening_sockets()
        assert ours <= {socket.port for socket in everything}, "the cheap look misses sockets"
        full = take_snapshot("netlink")
        assert sum(1 for item in full.listeners if item.port in ours and item.process) == args.sockets

        # The attribution of one socket whose owner is new, the rest reused from the previous snapshot.
        one_new = next(item.socket for item in full.listeners if item.port in ours)
        previous = type(full)(tuple(item for item in full.listeners if item.socket != one_new))

        rows: list[tuple[str, list[float]]] = [
            ("listening_sockets() (sock_diag netlink)", timed(listening_sockets, args.looks)),
            ("the same read from /proc/net/tcp{,6}", timed(procfs.listening_sockets, args.looks // 5)),
            ("psutil.net_connections() for comparison", timed(lambda: psutil.net_connections("tcp"), args.rounds * 3)),
            ("attribute(): all reused from previous", timed(lambda: attribute(everything, full), args.rounds * 5)),
            ("attribute(): 1 new owner, rest reused", timed(lambda: attribute(everything, previous), args.rounds * 5)),
            ('take_snapshot("netlink")', timed(lambda: take_snapshot("netlink"), args.rounds)),
            ('take_snapshot("procfs")', timed(lambda: take_snapshot("procfs"), args.rounds)),
            ('take_snapshot("psutil")', timed(lambda: take_snapshot("psutil"), args.rounds)),
            ('take_snapshot("per-process")', timed(lambda: take_snapshot("per-process"), args.rounds)),
        ]
        if lsof.available():
            rows.append(('take_snapshot("lsof")', timed(lambda: take_snapshot("lsof"), args.rounds)))
        rows.append(
            (
                "`ss -ltnp` (subprocess)",
                timed(lambda: subprocess.run(["ss", "-ltnp"], capture_output=True), args.rounds),
            )
        )
        sockets_total = len(everything)

    machine = f"{platform.node()}: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"{machine}, {time.strftime('%Y-%m-%d')}")
    print(
        f"{sockets_total} listening sockets in all ({args.sockets} held by the bench), {len(psutil.pids())} processes"
    )
    print()
    print("| what | calls | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for name, times in rows:
        print(f"| {name} | {len(times)} | {statistics.median(times):.2f} | {p95(times):.2f} |")
    cheap = statistics.median(rows[0][1])
    print()
    print(f"cheap look median {cheap:.3f} ms: {'within' if cheap < 2 else 'OVER'} the 2 ms target")
    return 0 if cheap < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
