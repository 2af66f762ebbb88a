"""`portlint probe` against real servers on loopback: a Flask app with and without flask-cors, the AirTunes
stand-in on ::1 beside Flask on 127.0.0.1, two Allow-Origin values, peers that do not speak HTTP, and
targets it must refuse without opening a socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from portlint.cli import main
from portlint.core.cors.fetch_request import FetchRequest
from portlint.probe.http import probe
from portlint.probe.target import ProbeRefused
from portlint.system.localhost import localhost_order

from ..v6_first import v6_first_prefix
from .servers import REPO, airplay, flask_app, raw_server, reset, say_nothing, send_garbage

pytestmark = pytest.mark.live

ORIGIN = "http://localhost:4200"
JSON_POST = FetchRequest(ORIGIN, "POST", (("Content-Type", "application/json"),))


def run_cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "portlint", "probe", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=60,
    )


# ---- a real Flask app -------------------------------------------------------------------------------


def test_flask_with_flask_cors_passes() -> None:
    with flask_app("cors") as port:
        done = run_cli(f"http://127.0.0.1:{port}/api/x", "--origin", ORIGIN, "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    (address,) = result["addresses"]
    assert address["address"] == "127.0.0.1" and address["ok"] is True and address["problems"] == []
    assert address["answeredBy"]["product"] == "Werkzeug"
    assert address["request"]["status"] == 200
    assert ["Access-Control-Allow-Origin", ORIGIN] in address["request"]["headers"]
    assert ["Origin", ORIGIN] in address["request"]["sent"]
    assert address["preflight"] is None and result["preflightNeeded"] is False


def test_flask_without_cors_fails_on_the_missing_header() -> None:
    with flask_app("none") as port:
        done = run_cli(f"http://127.0.0.1:{port}/api/x", "--origin", ORIGIN)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "200 OK; Access-Control-Allow-Origin: none" in done.stdout
    assert "- request: no Access-Control-Allow-Origin header" in done.stdout
    assert "Werkzeug" in done.stdout and "Flask's development server" in done.stdout


def test_json_post_preflight_names_the_header_that_is_not_allowed() -> None:
    """A manual Allow-Origin makes flask-cors add nothing, Allow-Headers included: the preflight of a JSON
    POST then fails on content-type, and a browser never sends the POST."""
    with flask_app("manual-origin") as port:
        result = probe(f"http://127.0.0.1:{port}/api/x", JSON_POST)
        simple = probe(
            f"http://127.0.0.1:{port}/api/x", FetchRequest(ORIGIN, "POST", (("Content-Type", "text/plain"),))
        )
    (address,) = result.addresses
    assert address.preflight is not None and address.preflight.answer is not None
    assert address.preflight.method == "OPTIONS"
    sent = dict(address.preflight.sent)
    assert sent["Access-Control-Request-Method"] == "POST"
    assert sent["Access-Control-Request-Headers"] == "content-type"
    assert address.actual is None  # the browser stops after a failed preflight, and so do we
    assert not result.ok
    assert address.verdict.problems[0].startswith(
        "preflight: request header field content-type is not allowed by Access-Control-Allow-Headers (missing)"
    )
    assert simple.ok and simple.addresses[0].preflight is None  # text/plain needs no preflight


def test_json_post_preflight_passes_with_flask_cors() -> None:
    with flask_app("cors") as port:
        result = probe(f"http://127.0.0.1:{port}/api/x", JSON_POST)
    (address,) = result.addresses
    assert result.ok, address.verdict
    assert address.preflight is not None and address.preflight.answer is not None
    assert address.preflight.answer.get("Access-Control-Allow-Headers") == "content-type"
    assert address.actual is not None and address.actual.answer is not None
    assert address.actual.answer.status == 200


def test_two_allow_origin_values_fail_with_multiple_values() -> None:
    with flask_app("two-values") as port:
        done = run_cli(f"http://127.0.0.1:{port}/api/x", "--origin", ORIGIN, "--format", "json")
    assert done.returncode == 1
    (address,) = json.loads(done.stdout)["addresses"]
    allow = [value for name, value in address["request"]["headers"] if name.lower() == "access-control-allow-origin"]
    assert sorted(allow) == ["*", ORIGIN]
    assert address["problems"] == [
        f"request: Access-Control-Allow-Origin has multiple values '{ORIGIN}, *' (sent as 2 header lines), "
        "but only one is allowed"
    ]


# ---- AirTunes on ::1, Flask on 127.0.0.1 -------------------------------------------------------------


def test_airtunes_on_v6_and_flask_on_v4_side_by_side_by_address_literal() -> None:
    with airplay("::1") as port, flask_app("cors", "127.0.0.1", port):
        v6 = probe(f"http://[::1]:{port}/api/x", FetchRequest(ORIGIN))
        v4 = probe(f"http://127.0.0.1:{port}/api/x", FetchRequest(ORIGIN))
    (on_v6,) = v6.addresses
    (on_v4,) = v4.addresses
    assert on_v6.answer is not None and on_v6.answer.status == 403
    assert on_v6.answerer is not None and on_v6.answerer.description == "macOS's AirPlay Receiver"
    assert on_v6.verdict.problems == ("request: no Access-Control-Allow-Origin header",)
    assert on_v4.answerer is not None and on_v4.answerer.description == "Flask's development server"
    assert on_v4.verdict.ok


def test_localhost_is_probed_on_every_address_the_resolver_gives() -> None:
    """With this machine's own resolver: one result per address of `localhost`, in its order."""
    order = localhost_order()
    if not order:
        pytest.skip("localhost does not resolve here")
    with airplay("::1") as port, flask_app("cors", "127.0.0.1", port):
        result = probe(f"http://localhost:{port}/api/x", FetchRequest(ORIGIN))
    assert tuple(a.address for a in result.addresses) == order
    by_address = {a.address: a for a in result.addresses}
    if "::1" in by_address:
        assert by_address["::1"].answerer is not None and by_address["::1"].answerer.product == "AirTunes"
    if "127.0.0.1" in by_address:
        assert by_address["127.0.0.1"].verdict.ok
    assert result.reached is result.addresses[0]


def _v6_first_hosts(tmp_path: Path) -> tuple[str, ...]:
    """A command prefix that runs a program with `localhost` resolving to ::1 first (as on many Macs and
    Linux machines): a private mount namespace with its own /etc/hosts. Skips where that is not possible."""
    prefix, why_not = v6_first_prefix(tmp_path)
    if prefix is None:
        pytest.skip(why_not)
    return prefix


def test_the_whole_story_in_one_command(tmp_path: Path) -> None:
    """`localhost` resolves to ::1 first; AirPlay holds ::1, Flask holds 127.0.0.1: the text shows both
    answers side by side, who answered, and that a client of localhost talks to AirPlay."""
    prefix = _v6_first_hosts(tmp_path)
    with airplay("::1") as port, flask_app("cors", "127.0.0.1", port):
        text = run_cli(f"http://localhost:{port}/api/x", "--origin", ORIGIN, prefix=prefix)
        data = run_cli(f"http://localhost:{port}/api/x", "--origin", ORIGIN, "--format", "json", prefix=prefix)
    assert text.returncode == 1, text.stdout + text.stderr
    lines = text.stdout.splitlines()
    assert lines[1].startswith("localhost resolves to ::1, 127.0.0.1, in this order: Node 17+ connects to ::1")
    v6 = lines.index(next(line for line in lines if line.startswith("::1 ")))
    v4 = lines.index(next(line for line in lines if line.startswith("127.0.0.1 ")))
    assert v6 < v4
    v6_block, v4_block = "\n".join(lines[v6:v4]), "\n".join(lines[v4:])
    assert "403 Forbidden" in v6_block and "AirTunes 620.8.2 (macOS's AirPlay Receiver)" in v6_block
    assert "- request: no Access-Control-Allow-Origin header" in v6_block
    assert "200 OK" in v4_block and "(Flask's development server)" in v4_block and "CORS      ok" in v4_block
    assert f"A client of localhost:{port} talks to ::1: AirTunes" in text.stdout
    assert "On 127.0.0.1 it would find Werkzeug" in text.stdout
    result = json.loads(data.stdout)
    assert result["firstAddress"] == "::1" and result["reached"] == "::1" and result["ok"] is False
    assert [(a["address"], a["answeredBy"]["product"], a["ok"]) for a in result["addresses"]] == [
        ("::1", "AirTunes", False),
        ("127.0.0.1", "Werkzeug", True),
    ]


def test_a_refused_address_is_skipped_like_node_does(tmp_path: Path) -> None:
    """Nothing on ::1, Flask on 127.0.0.1: Node falls back on refusal, so the probe passes."""
    prefix = _v6_first_hosts(tmp_path)
    with flask_app("cors") as port:
        done = run_cli(f"http://localhost:{port}/api/x", prefix=prefix)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"nothing listens on [::1]:{port} (connection refused)" in done.stdout
    assert "talks to 127.0.0.1" in done.stdout


# ---- peers that do not speak HTTP ---------------------------------------------------------------------


def test_a_port_that_sends_garbage_does_not_speak_http() -> None:
    with raw_server(send_garbage) as port:
        done = run_cli(f"http://127.0.0.1:{port}/")
    assert done.returncode == 1
    assert f"something on 127.0.0.1:{port} does not speak HTTP: it sent '\\x00ÿSSH-2.0-OpenSSH_9.2" in done.stdout


@pytest.mark.parametrize(
    ("serve", "words"),
    [
        (say_nothing, "accepted the connection but sent no complete HTTP answer in 0.5 s"),
        (reset, "does not speak HTTP"),
    ],
    ids=["silent", "reset"],
)
def test_silence_and_resets_are_not_http(serve: Any, words: str) -> None:
    with raw_server(serve) as port:
        result = probe(f"http://127.0.0.1:{port}/", FetchRequest(ORIGIN), timeout=0.5)
    (address,) = result.addresses
    assert address.failure is not None and address.failure.kind == "not-http"
    assert words in address.failure.words
    assert not result.ok


def test_nothing_listening_is_connection_refused() -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    done = run_cli(f"http://127.0.0.1:{port}/")
    assert done.returncode == 1
    assert f"nothing listens on 127.0.0.1:{port} (connection refused)" in done.stdout
    assert f"Nothing listens on 127.0.0.1:{port} on any of its addresses." in done.stdout


# ---- refusals: before any connection ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/api",
        "http://10.0.0.1:5000/",
        "http://192.168.1.2/",
        "http://[::ffff:10.0.0.1]/",
        "http://[2001:db8::1]/",
        "http://0.0.0.0:5000/",
        "http://127.0.0.1.nip.io/",
        "http://localhost.example.com/",
        "ftp://localhost/",
        "http://user:secret@localhost:5000/",
    ],
)
def test_non_loopback_targets_are_refused_without_a_connection(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    touched: list[object] = []

    def forbidden(*args: object, **kwargs: object) -> object:
        touched.append(args)
        raise AssertionError(f"a network call for a refused target: {args}")

    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    monkeypatch.setattr(socket.socket, "connect", forbidden)
    assert main(["probe", url]) == 2
    assert touched == []
    error = capsys.readouterr().err
    assert error.startswith("portlint: ") and ("refusing" in error or "only http" in error or "password" in error)


def test_a_localhost_that_resolves_elsewhere_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's resolver is the one thing we fake: a hosts file that sends localhost elsewhere."""
    connections: list[object] = []
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 5000))],
    )
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connections.append(a))
    with pytest.raises(ProbeRefused, match=r"resolves to 10\.1\.2\.3"):
        probe("http://localhost:5000/", FetchRequest(ORIGIN))
    assert connections == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--origin", "localhost:4200"], "is not an origin like"),
        (["--header", "Cookie: a=b"], "a page cannot set the Cookie header"),
        (["--header", "no colon"], "--header wants 'Name: value'"),
        (["--method", "TRACE"], "fetch() refuses the method"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", "http://127.0.0.1:9/", *args]) == 2
    assert message in capsys.readouterr().err
