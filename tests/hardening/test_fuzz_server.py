"""The running language server fed random documents: half-typed, binary, huge, nested, and edits whose
ranges lie outside the text. It must keep answering (hover, commands) and log no exception for any text."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from .lsp_process import LspProcess
from .tally import TRIED, examples, write_tally
from .test_fuzz_parsers import NASTY
from .workspace import language_of, write_workspace

SEED = 20260601


@pytest.fixture(scope="module", autouse=True)
def record_counts() -> Iterator[None]:
    yield
    write_tally()


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        operation = rng.choice(("truncate", "insert", "flip", "delete", "random"))
        if operation == "truncate":
            text = text[:at]
        elif operation == "insert":
            text = text[:at] + rng.choice(NASTY) + text[at:]
        elif operation == "flip" and text:
            data = bytearray(text.encode("utf-8", errors="surrogatepass"))
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            # What a JSON-RPC client can send: a str (lone surrogates travel as \\ud800 escapes).
            text = bytes(data).decode("utf-8", errors="replace")
        elif operation == "delete":
            text = text[:at] + text[at + rng.randint(1, 40) :]
        else:
            text = text[:at] + "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 20))) + text[at:]
    return text


def served(server: LspProcess, path: Path) -> None:
    """The server still answers a hover and a command, without an error."""
    hover = server.hover(path, 0, 0)
    assert "error" not in hover, hover
    recheck = server.recheck()
    assert "error" not in recheck and recheck["result"]["version"] == 1, recheck


def test_random_documents_never_stop_the_server(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    paths = list(write_workspace(tmp_path, 5999, 4299, 5998).values())
    originals = {path: path.read_text() for path in paths}
    server = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-server.log", extra=["--log-level", "info"])
    try:
        server.initialize()
        for path in paths:
            server.open(path, language_of(path))
        versions = dict.fromkeys(paths, 1)
        rounds = examples(150) * 2
        for round_number in range(rounds):
            path = rng.choice(paths)
            versions[path] += 1
            server.change(path, versions[path], mutate(rng, originals[path]))
            TRIED["server:didChange"] += 1
            if round_number % 50 == 49:
                served(server, path)
        served(server, paths[0])
        assert server.process.poll() is None
        log = server.log()
        assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    finally:
        server.stop()


def test_edits_with_impossible_ranges_leave_the_server_serving(tmp_path: Path) -> None:
    """A buggy client's incremental edits (past the end, negative, reversed): answered or refused, never
    fatal."""
    rng = random.Random(SEED + 1)
    paths = write_workspace(tmp_path, 5999, 4299, 5998)
    target = paths["firebase.json"]
    server = LspProcess(tmp_path, tmp_path.parent / f"{tmp_path.name}-server.log")
    try:
        server.initialize()
        server.open(target)
        for version in range(2, examples(150) + 2):
            start = {"line": rng.choice((0, 3, 10_000, -1)), "character": rng.choice((0, 5, 99_999, -3))}
            end = {"line": rng.choice((0, 2, 10_000)), "character": rng.choice((0, 1, 100_000))}
            server.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": target.as_uri(), "version": version},
                    "contentChanges": [{"range": {"start": start, "end": end}, "text": rng.choice(NASTY)[:50]}],
                },
            )
            TRIED["server:bad-range-didChange"] += 1
        served(server, target)
        assert server.process.poll() is None
    finally:
        server.stop()
