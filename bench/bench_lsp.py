"""The language server's speed and weight, measured on real processes (results in bench/README.md).

1. A foreign listener appears -> the diagnostic is published (default poll interval), and the CPU the idle
   server uses over a minute.
2. didChange -> publishDiagnostics on a warm server (edits 10 ms apart, each one changing the findings).
3. Cold start to the `initialize` result, beside a bare pygls server that does nothing.
4. Resident memory after reading the 100,000-file tree (bench/make_tree.py).

Run: .venv/bin/python bench/bench_lsp.py [--tree /tmp/bench-tree] [--idle-seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# Every server started here runs this checkout's package (the one compiled below), whatever an installed
# (editable) portlint points at.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "server"), os.environ.get("PYTHONPATH")]))

from tests.holders import airplay_standin, free_port_both  # noqa: E402
from tests.lsp.raw_client import RawClient  # noqa: E402

BARE_SERVER = """
from pygls.lsp.server import LanguageServer
LanguageServer("bare", "0").start_io()
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wait_publish(client: RawClient, uri: str, want_code: str | None) -> float:
    """Read messages until `uri` gets diagnostics that contain (or, with None, lack) the code; returns when."""
    while True:
        message = client.receive()
        if "id" in message and "method" in message:
            client._reply(message["id"])
            continue
        if message.get("method") != "textDocument/publishDiagnostics" or message["params"]["uri"] != uri:
            continue
        found = {d.get("code") for d in message["params"]["diagnostics"]}
        if (want_code in found) if want_code else ("port-held-by-foreign-process" not in found):
            return time.perf_counter()


def start(root: Path, options: dict[str, object] | None = None) -> RawClient:
    client = RawClient(root)
    ident = client.send(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {},
            "initializationOptions": {"settings": options or {}},
        },
    )
    client.response(ident)
    client.send("initialized", {}, request=False)
    client.response(client.send("workspace/executeCommand", {"command": "portlint.showPortMap"}))  # ready
    return client


def stop(client: RawClient) -> None:
    client.response(client.send("shutdown"))
    client.send("exit", request=False)
    client.wait_exit()
    client.kill()


def listener_appears(rounds: int, idle_seconds: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        port = free_port_both()
        (root / ".flaskenv").write_text(f"FLASK_RUN_PORT={port}\n")
        uri = (root / ".flaskenv").as_uri()
        client = start(root)  # the default poll interval
        latencies = []
        for _ in range(rounds):
            with airplay_standin(port, host="127.0.0.1"):
                appeared = time.perf_counter()  # the stand-in has printed "ready": it listens
                latencies.append(wait_publish(client, uri, "port-held-by-foreign-process") - appeared)
            wait_publish(client, uri, None)
        server = psutil.Process(client.process.pid)
        before = server.cpu_times()
        started = time.perf_counter()
        time.sleep(idle_seconds)  # the measurement itself: the server idles for this long
        after = server.cpu_times()
        wall = time.perf_counter() - started
        cpu = (after.user - before.user) + (after.system - before.system)
        stop(client)
    print(
        f"listener appears -> published: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms ({rounds} rounds)"
    )
    print(f"idle CPU: {cpu:.3f} s over {wall:.0f} s = {100 * cpu / wall:.2f} % of one core")


def did_change(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder, airplay_standin(free_port_both(), host="127.0.0.1") as held:
        root = Path(folder)
        free = free_port_both()
        path = root / ".flaskenv"
        path.write_text(f"FLASK_RUN_PORT={free}\n")
        uri = path.as_uri()
        client = start(root)
        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dotenv", "version": 1, "text": path.read_text()}},
            request=False,
        )
        latencies = []
        for version in range(2, rounds + 2):
            port, code = (held.port, "port-held-by-foreign-process") if version % 2 == 0 else (free, None)
            sent = time.perf_counter()
            client.send(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": f"FLASK_RUN_PORT={port}\n"}],
                },
                request=False,
            )
            latencies.append(wait_publish(client, uri, code) - sent)
            time.sleep(0.01)  # typing pace: 100 edits a second
        stop(client)
    warm = latencies[10:]
    print(
        f"didChange -> publishDiagnostics: median {statistics.median(warm) * 1000:.2f} ms, "
        f"p99 {percentile(warm, 0.99) * 1000:.2f} ms ({len(warm)} warm edits)"
    )


def cold_start(rounds: int) -> None:
    def time_initialize(argv: list[str]) -> float:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        ).encode()
        assert process.stdin and process.stdout
        process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        process.stdin.flush()
        header = process.stdout.readline()
        elapsed = time.perf_counter() - started
        assert header.startswith(b"Content-Length")
        process.kill()
        process.wait()
        process.stdin.close()
        process.stdout.close()
        return elapsed

    # An installed package has its bytecode compiled (pip does it; so does the extension's private
    # environment), as pygls and lsprotocol in site-packages have; an editable checkout may not.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "server" / "portlint")], check=True)
    ours, bare = [], []
    for round_ in range(rounds):  # side by side, alternating who goes first, so load changes hit both alike
        pair = [("ours", [sys.executable, "-m", "portlint", "serve"]), ("bare", [sys.executable, "-c", BARE_SERVER])]
        for name, argv in pair if round_ % 2 else reversed(pair):
            (ours if name == "ours" else bare).append(time_initialize(argv))
    ratio = statistics.median(ours) / statistics.median(bare)
    print(
        f"cold start to initialize result: portlint median {statistics.median(ours) * 1000:.0f} ms, "
        f"bare pygls {statistics.median(bare) * 1000:.0f} ms, ratio {ratio:.3f} ({rounds} rounds each)"
    )


def memory(tree: Path) -> None:
    client = start(tree)
    rss = psutil.Process(client.process.pid).memory_info().rss
    stop(client)
    print(f"resident memory after reading {tree}: {rss / 2**20:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=Path("/tmp/bench-tree"))
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    cold_start(args.rounds)
    did_change(max(args.rounds * 10, 200))
    listener_appears(args.rounds, args.idle_seconds)
    if args.tree.exists():
        memory(args.tree)
    else:
        print(f"(no tree at {args.tree}: run bench/make_tree.py {args.tree} for the memory figure)")


if __name__ == "__main__":
    main()
