"""Same-origin through a real dev proxy is not CORS, across origins it is: real Chromium on a page that Vite's
dev server serves makes a JSON POST through Vite's `server.proxy` (no CORS error, though flask-cors does not
allow the page's origin) and the same POST to the Flask app's own origin (blocked: no
Access-Control-Allow-Origin on the preflight); portlint's static verdict on the folder as written (its
`App.jsx` making that call) must be the browser's.

Vite 8 (pinned, tests/.cache/vite, shared with tests/fidelity) and one Flask app per case, ended by their pids.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from portlint.check import check_workspace
from tests.fidelity.npm_cache import npm_installed
from tests.fidelity.running import started
from tests.fidelity.workspace import free_ports

from .browser import ANSWER_TIMEOUT, BrowserResult, Chromium, FrontEndRequest
from .servers import served
from .test_browser_truth import browser_codes

pytestmark = pytest.mark.live

TEMPLATE = Path(__file__).resolve().parent / "dev_proxy"
VITE = "8.4.0"  # as tests/fidelity/test_vite_fidelity.py
READY = r"Local:\s+http://127\.0\.0\.1:(?P<port>\d+)/"
START_TIMEOUT = 60.0
WRITTEN_PORT = "5000"  # the Flask port as the workspace writes it (app.run, the proxy target, the call)
APP_JSX = """export default function App() {{
  const add = () =>
    fetch('{url}', {{
      method: 'POST',
      headers: {{ 'Content-Type': 'application/json' }},
      body: JSON.stringify({{ name: 'milk' }}),
    }})
  return <button onClick={{add}}>Add</button>
}}
"""
CASES = [
    pytest.param("/api/items", None, id="through-the-vite-proxy"),
    pytest.param(f"http://127.0.0.1:{WRITTEN_PORT}/api/items", "cors-origin-not-allowed", id="cross-origin"),
]


@pytest.fixture(scope="module")
def vite_js() -> Path:
    return npm_installed("vite", {"vite": VITE}) / "node_modules" / "vite" / "bin" / "vite.js"


def verdict_on_page(chromium: Chromium, page: str, request: FrontEndRequest) -> BrowserResult:
    """`Chromium.browser_verdict` from a page of our own (Vite's) instead of the harness's blank origin."""
    question = {"page": page, "url": request.url, "method": request.method, "headers": request.headers}
    question |= {"credentials": request.credentials, "body": request.body}
    process = chromium._process
    assert process.stdin is not None
    process.stdin.write(json.dumps(question).encode() + b"\n")
    process.stdin.flush()
    answer = chromium._line(ANSWER_TIMEOUT)
    return BrowserResult(
        bool(answer["ok"]), answer.get("status"), answer.get("error"), tuple(answer.get("console", ())),
        bool(answer.get("guardFired")),
    )  # fmt: skip


def static_cors_codes(root: Path) -> set[str]:
    report = check_workspace(str(root), live=False, environ={})
    return {finding.code for finding in report.findings if finding.code.startswith("cors-")}


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_the_dev_proxy_makes_it_same_origin_and_portlint_agrees(
    url: str, expected: str | None, chromium: Chromium, node_tools: Path, vite_js: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(TEMPLATE, workspace)
    (workspace / "frontend" / "src").mkdir()
    (workspace / "frontend" / "src" / "App.jsx").write_text(APP_JSX.format(url=url))
    static = static_cors_codes(workspace)

    with served("flask", workspace / "backend", node_tools) as flask_port:
        config = workspace / "frontend" / "vite.config.js"
        config.write_text(config.read_text().replace(WRITTEN_PORT, str(flask_port)))
        (workspace / "frontend" / "node_modules").symlink_to(vite_js.parents[2], target_is_directory=True)
        (vite_port,) = free_ports(1)
        argv = ["node", str(vite_js), "--port", str(vite_port), "--strictPort", "--host", "127.0.0.1"]
        with started(argv, workspace / "frontend", dict(os.environ)) as vite:
            page = f"http://127.0.0.1:{vite.wait_for(READY, START_TIMEOUT)['port']}/"
            live_url = urljoin(page, url.replace(WRITTEN_PORT, str(flask_port)))  # a relative URL: the page's origin
            body = json.dumps({"name": "milk"})
            request = FrontEndRequest("POST", live_url, {"Content-Type": "application/json"}, False, body)
            result = verdict_on_page(chromium, page, request)

    want = set() if expected is None else {expected}
    assert browser_codes(result) == want, f"Chromium {chromium.version}: {result.error} {result.console}"
    if expected is None:
        assert result.ok and result.status == 201, (result, vite.text)  # it did reach Flask, through the proxy
    assert static == want, "portlint's static verdict differs from the browser's"
