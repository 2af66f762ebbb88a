"""The harness itself on plain loopback servers: a readable status when CORS lets the response through, and a
failure that is not CORS (a refused connection) told apart from a CORS one without waiting for the guard."""

from __future__ import annotations

import socket
from http.server import BaseHTTPRequestHandler

import pytest

from .browser import Chromium, FrontEndRequest, loopback_server
from .codes import code_of

pytestmark = pytest.mark.live


class _Teapot(BaseHTTPRequestHandler):
    """418 to everything, allowing the origin that asks when the path says so."""

    def do_GET(self) -> None:
        self.send_response(418)
        if self.path == "/allowed":
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_an_allowed_response_is_ok_with_its_status(chromium: Chromium) -> None:
    with loopback_server(_Teapot) as port:
        result = chromium.browser_verdict("127.0.0.1", FrontEndRequest("GET", f"http://127.0.0.1:{port}/allowed"))
    assert (result.ok, result.status, result.cors_messages) == (True, 418, ())


def test_a_blocked_response_names_the_origin_it_came_from(chromium: Chromium) -> None:
    with loopback_server(_Teapot) as port:
        result = chromium.browser_verdict("localhost", FrontEndRequest("GET", f"http://127.0.0.1:{port}/other"))
    assert (result.ok, result.status) == (False, None)
    assert [code_of(m) for m in result.cors_messages] == ["cors-origin-not-allowed"]
    assert f"from origin '{chromium.origin('localhost')}'" in result.cors_messages[0]


def test_a_refused_connection_is_no_cors_error(chromium: Chromium) -> None:
    with socket.create_server(("127.0.0.1", 0)) as held:
        port = held.getsockname()[1]
    result = chromium.browser_verdict("localhost", FrontEndRequest("GET", f"http://127.0.0.1:{port}/api"))
    assert (result.ok, result.cors_messages, result.guard_fired) == (False, (), False)
    assert any("net::ERR_CONNECTION_REFUSED" in message for message in result.console), result.console
