"""portlint's verdict beside headless Chromium's own: the same fetch() from an origin page on another
loopback port, against the same real Flask app. The page writes the outcome into the DOM (`--dump-dom`);
Chromium's console line says why it blocked, and must name the same problem portlint names.

127.0.0.1 on both sides: Chromium treats `localhost` specially, and both must mean the same address.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from portlint.core.cors.fetch import FetchRequest
from portlint.probe.http import probe
from tests.fidelity.running import started

from .servers import REPO, flask_app

pytestmark = pytest.mark.live

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_TIMEOUT = 90.0
JSON = (("Content-Type", "application/json"),)

# (Flask app mode, method, headers, piece of portlint's problem, piece of Chromium's console message)
CASES = [
    ("cors", "GET", (), None, None),
    ("cors", "POST", JSON, None, None),
    ("none", "GET", (), "no Access-Control-Allow-Origin header", "No 'Access-Control-Allow-Origin' header is present"),
    (
        "two-values",
        "GET",
        (),
        "Access-Control-Allow-Origin has multiple values",
        "The 'Access-Control-Allow-Origin' header contains multiple values",
    ),
    (
        "manual-origin",
        "POST",
        JSON,
        "request header field content-type is not allowed by Access-Control-Allow-Headers",
        "Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response",
    ),
]


def page(target: str, method: str, headers: tuple[tuple[str, str], ...]) -> bytes:
    options = {"method": method, "headers": dict(headers), "cache": "no-store"}
    if method != "GET":
        options["body"] = "{}"
    return f"""<!doctype html><title>probe</title><pre id="outcome">pending</pre><script>
fetch({json.dumps(target)}, {json.dumps(options)})
  .then(r => {{ document.getElementById("outcome").textContent = "ok " + r.status; }})
  .catch(e => {{ document.getElementById("outcome").textContent = "blocked " + e.name; }});
</script>""".encode()


@contextlib.contextmanager
def origin_server(body: bytes) -> Iterator[str]:
    """A tiny http.server on a free loopback port serving `body` at every path; yields its origin."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def chromium_fetch(origin: str, profile: Path) -> tuple[str, str]:
    """Run headless Chromium on the origin page; the outcome the page wrote, and the CORS console line."""
    assert CHROMIUM is not None
    argv = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=10000",
        "--dump-dom",
        f"{origin}/",
    ]
    with started(argv, REPO, {"HOME": str(profile), "PATH": "/usr/bin:/bin"}) as browser:
        browser.wait_for_exit(BROWSER_TIMEOUT)
        output = browser.text
    outcome = re.search(r'<pre id="outcome">([^<]*)</pre>', output)
    assert outcome is not None, output[-3000:]
    console = next((line for line in output.splitlines() if "blocked by CORS policy" in line), "")
    return outcome.group(1), console


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt install chromium)")
@pytest.mark.parametrize(
    ("mode", "method", "headers", "ours", "theirs"),
    CASES,
    ids=[f"{mode}-{method}" for mode, method, *_ in CASES],
)
def test_portlint_agrees_with_chromium(
    mode: str,
    method: str,
    headers: tuple[tuple[str, str], ...],
    ours: str | None,
    theirs: str | None,
    tmp_path: Path,
) -> None:
    with flask_app(mode) as port:
        target = f"http://127.0.0.1:{port}/api/x"
        with origin_server(page(target, method, headers)) as origin:
            verdict = probe(target, FetchRequest(origin, method, headers)).addresses[0].verdict
            outcome, console = chromium_fetch(origin, tmp_path / "profile")
    browser_ok = outcome.startswith("ok ")
    assert outcome != "pending", "Chromium did not finish the fetch within its virtual time budget"
    assert verdict.ok is browser_ok, f"portlint: {verdict.summary}; Chromium: {outcome} {console}"
    if ours is None:
        assert outcome == "ok 200" and verdict.problems == ()
    else:
        assert outcome == "blocked TypeError"
        assert any(ours in problem for problem in verdict.problems), verdict.problems
        assert theirs is not None and theirs in console, console
