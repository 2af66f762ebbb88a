"""The probe's promises at its edges: one deadline for each exchange however slowly a peer trickles its
answer; nothing sent when an input is refused (exit 2); `localhost.` looked up without the DNS."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from portlint.cli import main
from portlint.core.cors.fetch_request import FetchRequest
from portlint.probe.http import probe
from portlint.probe.target import parse_target, resolve

from .servers import raw_server
from .test_probe import ORIGIN, run_cli

pytestmark = pytest.mark.live

PERMISSIVE = (
    b"HTTP/1.1 204 No Content\r\n"
    b"Access-Control-Allow-Origin: http://localhost:4200\r\n"
    b"Access-Control-Allow-Headers: x-a\r\n"
    b"Access-Control-Allow-Methods: GET, POST\r\n"
    b"Content-Length: 0\r\n\r\n"
)


class Trickle:
    """A peer that answers a byte at a time, one every `pace` seconds, until the client hangs up."""

    def __init__(self, pace: float) -> None:
        self.pace = pace
        self.stop = threading.Event()

    def __call__(self, connection: socket.socket) -> None:
        connection.recv(65536)
        answer = b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 2000 + b"\r\n\r\n"
        for index in range(len(answer)):
            connection.sendall(answer[index : index + 1])
            if self.stop.wait(self.pace):  # the pace of the peer, not the test's synchronisation
                return


class Recorder:
    """A peer that keeps what it received, and passes any preflight."""

    def __init__(self) -> None:
        self.received: list[bytes] = []

    def __call__(self, connection: socket.socket) -> None:
        self.received.append(connection.recv(65536))
        connection.sendall(PERMISSIVE)


def test_a_trickling_peer_cannot_stretch_the_probe_past_its_deadline() -> None:
    """A byte every 0.2 s never trips a per-read timeout of 1 s: the probe used to wait for all 2000."""
    trickle = Trickle(pace=0.2)
    with raw_server(trickle) as port:
        try:
            done = run_cli(f"http://127.0.0.1:{port}/", "--timeout", "1")  # a 60 s hang guard
        finally:
            trickle.stop.set()
    assert done.returncode == 1
    assert f"something on 127.0.0.1:{port} does not speak HTTP" in done.stdout
    assert "sent no complete HTTP answer in 1 s" in done.stdout


def test_the_deadline_covers_the_preflight_and_the_request_each() -> None:
    trickle = Trickle(pace=0.1)
    with raw_server(trickle) as port:
        try:
            request = FetchRequest(ORIGIN, "POST", (("Content-Type", "application/json"),))
            result = probe(f"http://127.0.0.1:{port}/", request, timeout=0.5)
        finally:
            trickle.stop.set()
    (address,) = result.addresses
    assert address.preflight is not None and address.actual is None  # the preflight failed: no request
    assert address.failure is not None and "no complete HTTP answer in 0.5 s" in address.failure.words


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("X-A: b\r\nX-Evil: 1", "holds a line break or NUL"),
        ("X-A: b\nX-Evil: 1", "holds a line break or NUL"),
        ("X-A: caf\u20ac", "outside Latin-1"),
        ("X\r\nA: b", "--header wants 'Name: value'"),
    ],
)
def test_a_header_that_cannot_be_sent_is_refused_before_the_preflight(
    header: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = Recorder()
    with raw_server(recorder) as port:
        assert main(["probe", f"http://127.0.0.1:{port}/", "--header", header]) == 2
    assert recorder.received == []  # exit 2 promises nothing was sent
    assert words in capsys.readouterr().err


def test_a_url_with_a_space_is_a_usage_error_not_the_servers_fault(capsys: pytest.CaptureFixture[str]) -> None:
    recorder = Recorder()
    with raw_server(recorder) as port:
        assert main(["probe", f"http://127.0.0.1:{port}/api/a b"]) == 2
    assert recorder.received == []
    error = capsys.readouterr().err
    assert "is not a valid URL: it contains a space (write a space as %20)" in error
    assert "does not speak HTTP" not in error


def test_a_path_beyond_ascii_is_sent_percent_encoded_as_browsers_do() -> None:
    recorder = Recorder()
    with raw_server(recorder) as port:
        result = probe(f"http://127.0.0.1:{port}/caf\u00e9?q=\u00e9", FetchRequest(ORIGIN))
    assert recorder.received[0].startswith(b"GET /caf%C3%A9?q=%C3%A9 HTTP/1.1\r\n")
    assert result.addresses[0].answer is not None


@pytest.mark.parametrize(
    ("url", "asked"),
    [
        ("http://localhost.:7008/", ["localhost"]),  # with the dot the resolver skips the hosts file
        ("http://LOCALHOST:7008/", ["localhost"]),
        ("http://127.0.0.1:7008/", []),
        ("http://[::1]:7008/", []),
        ("http://127.1.2.3:7008/", []),
    ],
)
def test_loopback_names_are_resolved_without_the_dns(url: str, asked: list[str], monkeypatch: Any) -> None:
    names: list[str] = []
    real = socket.getaddrinfo

    def recording(host: str, *args: Any, **kwargs: Any) -> Any:
        names.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording)
    addresses = resolve(parse_target(url))
    assert names == asked
    assert addresses and all(a.startswith("127.") or a == "::1" for a in addresses)
