"""Soak: one real server, an edit storm on three documents (hundreds of didChange a second, ports
rotating) while real processes bind and leave the configured ports. Afterwards the client's diagnostics
equal a fresh `portlint check`, the server's memory grew by less than 5 MB and its log holds no error.

PORTLINT_SOAK_SECONDS sets the storm's length (default 120)."""

from __future__ import annotations

import json
import os
import random
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from pygls.uris import to_fs_path

from tests.holders import free_port_both, listener

from .cli import check_json
from .lsp_process import LspProcess
from .tally import ARTIFACT
from .workspace import language_of, workspace_texts, write_workspace

SOAK_SECONDS = float(os.environ.get("PORTLINT_SOAK_SECONDS", "120"))
WARM_UP_SECONDS = min(15.0, SOAK_SECONDS / 4)
STORMED = ("angular.json", "firebase.json", "backend/.flaskenv")
SEVERITIES = {1: "error", 2: "warning", 3: "information", 4: "hint"}
MAX_RSS_GROWTH = 5 * 1024 * 1024


def churn(ports: list[int], stop: threading.Event, counts: dict[str, int]) -> None:
    """Real listeners coming and going on the configured ports, one after another."""
    rng = random.Random(7)
    while not stop.is_set():
        try:
            with listener("127.0.0.1", rng.choice(ports), name="churner"):
                counts["listeners"] += 1
        except RuntimeError:
            counts["refused"] += 1  # the port was briefly taken by something else: not our concern


def client_view(server: LspProcess, root: Path) -> dict[str, set[tuple[Any, ...]]]:
    view: dict[str, set[tuple[Any, ...]]] = {}
    for uri, diagnostics in server.diagnostics.items():
        rel = os.path.relpath(to_fs_path(uri) or uri, root)
        for d in diagnostics:
            r = d["range"]
            key = (d["code"], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
            view.setdefault(rel, set()).add((*key, SEVERITIES[d["severity"]]))
    return view


def cli_view(report: dict[str, Any]) -> dict[str, set[tuple[Any, ...]]]:
    view: dict[str, set[tuple[Any, ...]]] = {}
    for f in report["findings"]:
        r = f["range"]
        key = (f["code"], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
        view.setdefault(f["file"], set()).add((*key, f["severity"]))
    return view


def test_edit_storm_with_listener_churn(tmp_path: Path) -> None:
    pool = [free_port_both() for _ in range(4)]
    rng = random.Random(11)
    paths = write_workspace(tmp_path, pool[0], pool[1], pool[2])
    server = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-server.log", extra=["--log-level", "info"])
    stop = threading.Event()
    counts = {"listeners": 0, "refused": 0}
    churner = threading.Thread(target=churn, args=(pool, stop, counts))
    versions = dict.fromkeys(STORMED, 1)
    changes = 0
    try:
        server.initialize()
        for rel in STORMED:
            server.open(paths[rel], language_of(paths[rel]))
        churner.start()
        process = psutil.Process(server.pid)
        started = time.monotonic()
        warm_rss = 0
        storm_started = started
        samples: list[float] = []
        next_sample = started
        while time.monotonic() - started < SOAK_SECONDS:
            rel = STORMED[changes % len(STORMED)]
            texts = workspace_texts(rng.choice(pool), rng.choice(pool), rng.choice(pool))
            versions[rel] += 1
            server.change(paths[rel], versions[rel], texts[rel])
            changes += 1
            if time.monotonic() >= next_sample:
                samples.append(round(process.memory_info().rss / 2**20, 1))
                next_sample += SOAK_SECONDS / 12
            if not warm_rss and time.monotonic() - started >= WARM_UP_SECONDS:
                assert "error" not in server.recheck()
                warm_rss = process.memory_info().rss
                storm_started, storm_changes = time.monotonic(), changes
        storm_seconds = time.monotonic() - storm_started
        rate = (changes - storm_changes) / storm_seconds
        stop.set()
        churner.join(timeout=60)
        assert not churner.is_alive()

        # Save what the editor holds, then let the server look again.
        final = workspace_texts(pool[0], pool[1], pool[2])
        for rel in STORMED:
            versions[rel] += 1
            server.change(paths[rel], versions[rel], final[rel])
            paths[rel].write_text(final[rel])
            server.notify("textDocument/didSave", {"textDocument": {"uri": paths[rel].as_uri()}})
        drain_started = time.monotonic()
        assert "error" not in server.recheck()
        drain = time.monotonic() - drain_started
        seen = client_view(server, tmp_path)
        end_rss = process.memory_info().rss
        assert server.process.poll() is None
    finally:
        stop.set()
        if churner.is_alive():
            churner.join(timeout=60)
        log = server.log() if server.log_path.exists() else ""
        server.stop()

    expected = cli_view(check_json(tmp_path))
    assert seen == expected
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    assert rate >= 100, f"only {rate:.0f} didChange a second"
    assert counts["listeners"] >= 5, counts
    growth = end_rss - warm_rss
    figures = {
        "soak_seconds": round(SOAK_SECONDS, 1),
        "did_change_sent": changes,
        "did_change_per_second": round(rate),
        "listeners_started": counts["listeners"],
        "diagnostics_published": server.published,
        "rss_warm_mb": round(warm_rss / 2**20, 2),
        "rss_end_mb": round(end_rss / 2**20, 2),
        "rss_growth_mb": round(growth / 2**20, 2),
        "rss_samples_mb": samples,
        "final_recheck_seconds": round(drain, 2),
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACT.parent / "hardening-soak.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nsoak: {json.dumps(figures)}")
    assert growth < MAX_RSS_GROWTH, figures
