"""Fuzz every config parser: real configs, every prefix of them, mutations (byte flips, NULs, invalid
UTF-8, huge numbers, deep nesting, very long lines) and random text. Nothing may raise; every range stays
inside the text; every problem says why. `load()` gets random bytes from disk. The number of inputs tried
goes to test-artifacts/hardening-fuzz.json."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portlint.workspace.classify import CLASSIFIER
from portlint.workspace.discover import ConfigFile, kind_of
from portlint.workspace.load import load

from .invariants import check_result
from .parsers import PARSERS, Parser
from .tally import TRIED, examples, write_tally

FUZZ = settings(
    max_examples=examples(150),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
WORKSPACE = "/fuzz/workspace"

# Inserted by the mutator: what editors, generators and accidents put into configs.
NASTY = (
    "\0",
    "\udcff",  # an undecodable byte, as surrogateescape carries it
    "\ud800",  # a lone surrogate: JSON-RPC's "\ud800" escape delivers it to the server
    "\ufeff",
    "\r",
    "\r\n",
    "\u2028",
    "\U0001f600",
    "9" * 400,
    "1e999999",
    "-0.0e-0",
    "0x1F",
    "NaN",
    "[" * 3000,
    '{"a":' * 2000,
    "(" * 2000,
    "x" * 200_000,
    "\\",
    '"',
    "'",
    "`",
    "${",
    "$(",
    "/*",
    "//",
    "#",
    "\t",
    " \\\n",
)


# Issue 10 item 4: shapes that took quadratic time (12 to 45 s) before the parsers shared one text model.
LONG_LINES = (
    json.dumps(
        {"hosting": {"headers": [{"source": f"/a{i}", "headers": [{"key": "k", "value": "v"}]} for i in range(400)]}}
    ),
    json.dumps({"projects": {f"p{i}": {"architect": {"serve": {"options": {"port": 4200 + i}}}} for i in range(1500)}}),
    json.dumps({"scripts": {f"s{i}": f"flask run --port {5000 + i}" for i in range(1000)}}),
    "web: a" + " " * 120_000 + "b\n",  # a run of blanks inside a Procfile command
    "run" + " " * 120_000 + "x\n\tflask run\n",  # and before a Makefile rule's colon
    "from flask import Flask\napp = Flask(__name__)\napp.run(port=" + "int(" * 20_000 + "\n",
    "http {\n" + "location / {\n" * 5_000 + "proxy_pass http://127.0.0.1:5000;\n" + "}\n" * 5_000 + "}\n",
    "é😀" * 50_000,  # one long line of wide characters: every column is a UTF-16 / UTF-8 conversion
    # Issue 11: runner ports followed through names, `or` fallbacks and imports, and make variables.
    "from flask import Flask\napp = Flask(__name__)\n"
    + "".join(f"P{i} = P{i + 1} or P{i}\n" for i in range(3000))
    + "app.run(port=P0)\n",
    "from project import app\n" + "app.run(port=Config.PORT)\n" * 3000,
    "A = $(B)\nB = $(A)\n" + "".join(f"V{i} = $(V{i + 1})$(V{i + 1})\n" for i in range(40)) + "r:\n\tcd $(V0) $(A)\n",
)


@pytest.fixture(scope="module", autouse=True)
def record_counts() -> Iterator[None]:
    yield
    tally = write_tally()
    assert tally["total"] > 0


def run(parser: Parser, text: str, counter: str) -> None:
    path = os.path.join(WORKSPACE, parser.file_name)
    TRIED[counter] += 1
    check_result(path, text, parser.parse(path, text))


Draw = Callable[[st.SearchStrategy[object]], object]


def _mutate(draw: st.DrawFn, text: str) -> str:
    operation = draw(st.sampled_from(("truncate", "flip", "insert", "delete", "duplicate", "random")))
    at = draw(st.integers(0, len(text)))
    if operation == "truncate":
        return text[:at]
    if operation == "flip":
        data = bytearray(text.encode("utf-8", errors="surrogatepass"))
        if not data:
            return text
        spot = draw(st.integers(0, len(data) - 1))
        data[spot] ^= 1 << draw(st.integers(0, 7))
        return bytes(data).decode("utf-8", errors="surrogateescape")
    if operation == "insert":
        return text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
    if operation == "delete":
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    if operation == "duplicate":
        return text[:at] + text[at : at + draw(st.integers(1, 200))] * draw(st.integers(2, 50)) + text[at:]
    return text[:at] + draw(st.text(max_size=30)) + text[at:]


@st.composite
def mutations(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    text = draw(st.sampled_from(seeds)) if seeds else ""
    for _ in range(draw(st.integers(1, 4))):
        text = _mutate(draw, text)
    return text


PARSER_IDS = [p.name for p in PARSERS]


def test_every_parser_has_real_seeds() -> None:
    for parser in PARSERS:
        assert parser.seeds(), f"no real config seeds the {parser.name} fuzzer"


@pytest.mark.parametrize("parser", PARSERS, ids=PARSER_IDS)
def test_every_prefix_of_every_real_config(parser: Parser) -> None:
    """Half-typed files: each seed cut at every character."""
    for seed in parser.seeds():
        for end in range(len(seed) + 1):
            run(parser, seed[:end], f"prefix:{parser.name}")


@pytest.mark.parametrize("parser", PARSERS, ids=PARSER_IDS)
def test_pathological_inputs(parser: Parser) -> None:
    seed = parser.seeds()[0]
    cases = [
        "",
        "\0" * 64,
        "\ufeff",
        "\udcff\udcfe" * 100,
        "[" * 100_000,
        '{"a":' * 50_000,
        "(" * 100_000,
        "{" * 100_000 + "}" * 100_000,
        "9" * 100_000,
        "x" * 1_000_000,
        "\n" * 100_000,
        "\r" * 10_000,
        seed.replace("\n", "\r\n"),
        seed.replace("\n", "\r"),
        seed * 200,
        seed.replace("0", "9" * 500),
        seed.replace("\n", "x" * 50_000 + "\n"),
        # Blanks only 2,000 long: python-dotenv strips inline comments with re.sub(r"\s+#.*"), quadratic in a
        # run of blanks (Flask shares it); 50,000 blanks on each of a few lines take a minute.
        seed.replace("\n", " " * 2_000 + "\n"),
        *LONG_LINES,
    ]
    for text in cases:
        run(parser, text, f"pathological:{parser.name}")


def _mutation_test(parser: Parser) -> Callable[[], None]:
    seeds = tuple(parser.seeds())

    @FUZZ
    @given(text=mutations(seeds))
    def fuzz(text: str) -> None:
        run(parser, text, f"mutated:{parser.name}")

    return fuzz


def _random_text_test(parser: Parser) -> Callable[[], None]:
    @FUZZ
    @given(text=st.text(max_size=2000))
    def fuzz(text: str) -> None:
        run(parser, text, f"random:{parser.name}")

    return fuzz


@pytest.mark.parametrize("parser", PARSERS, ids=PARSER_IDS)
def test_mutated_real_configs(parser: Parser) -> None:
    _mutation_test(parser)()


@pytest.mark.parametrize("parser", PARSERS, ids=PARSER_IDS)
def test_random_text(parser: Parser) -> None:
    _random_text_test(parser)()


# ---- load(): random bytes from disk -----------------------------------------------------------------

# Files discovery finds by name (a referenced file such as functions/index.js has no name of its own).
DISCOVERED = {p.file_name for p in PARSERS if kind_of(os.path.join(WORKSPACE, p.file_name)) is not None}
LOAD_NAMES = sorted(DISCOVERED | {".flaskenv", "proxy.conf.mjs", "src/proxy.conf.cjs"})


@pytest.fixture(scope="module")
def load_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("load-fuzz")


@st.composite
def config_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, or a real config's bytes with random bytes spliced in (BOMs, NULs, bad UTF-8)."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=4000))
    parser = draw(st.sampled_from(PARSERS))
    seeds = parser.seeds()
    data = draw(st.sampled_from(seeds)).encode("utf-8", errors="surrogateescape")
    at = draw(st.integers(0, len(data)))
    splice = draw(st.sampled_from((b"\xef\xbb\xbf", b"\0", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b""))) + draw(
        st.binary(max_size=30)
    )
    return data[:at] + splice + data[at:]


def test_load_survives_random_bytes(load_root: Path) -> None:
    @FUZZ
    @given(name=st.sampled_from(LOAD_NAMES), data=config_bytes())
    def fuzz(name: str, data: bytes) -> None:
        path = load_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        kind = kind_of(str(path))
        assert kind is not None, name
        TRIED[f"load:{kind}"] += 1
        result = load(ConfigFile(str(path), kind), str(load_root))
        check_result(str(path), data.decode("utf-8", errors="replace"), result)
        if kind not in CLASSIFIER.quiet and (b"\0" in data):  # a quiet kind's troubles are not reported
            assert result.problems and not result.facts, "a binary config must be reported, not read"

    fuzz()
