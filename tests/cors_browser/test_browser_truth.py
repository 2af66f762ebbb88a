"""Each case folder's `expected` is the browser's truth: the real server (Flask + flask-cors, FastAPI +
Starlette, Express + cors) answers real headless Chromium's fetch() from the front-end origin, and the
console error Chromium prints, mapped to portlint's code (codes.code_of), must be the case's `expected` (no
error at all for null). When static.static_codes knows the backend, portlint's static verdict on the folder
must be that same code.

One Chromium and one origin server for the run (conftest.py); one server per case, ended by its pid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import BrowserResult, Chromium
from .cases import Case, cases_of
from .codes import code_of
from .servers import served
from .static import static_codes

pytestmark = pytest.mark.live


def browser_codes(result: BrowserResult) -> set[str]:
    """The codes of Chromium's CORS errors for one request. A rejection with no CORS error, or a CORS error
    no code maps, fails the test: the case then proves nothing about CORS."""
    if result.ok:
        assert not result.cors_messages, result.console
        return set()
    assert result.cors_messages, f"the fetch failed, but not on CORS: {result.error} {result.console}"
    codes = {code_of(message) for message in result.cors_messages}
    assert None not in codes, f"a Chromium CORS error codes.code_of does not map: {result.cors_messages}"
    return {code for code in codes if code is not None}


def check(case: Case, chromium: Chromium, node_tools: Path, tmp_path: Path) -> None:
    folder = case.live_copy(chromium.origin(case.origin_host), tmp_path)
    with served(case.backend, folder, node_tools) as port:
        results = [chromium.browser_verdict(case.origin_host, request.to(port)) for request in case.requests]
    for request, result in zip(case.requests, results, strict=True):
        expected = set() if request.expected is None else {request.expected}
        said = f"Chromium {chromium.version} on {request.method} {request.path}: {result.error} {result.console}"
        assert browser_codes(result) == expected, said
    static = static_codes(case.backend, case.folder)
    if static is not None:
        consoles = [message for result in results for message in result.cors_messages]
        assert static == case.expected_codes, f"portlint's static verdict; Chromium said {consoles}"


@pytest.mark.parametrize("case", cases_of("flask"), ids=lambda case: case.name)
def test_flask_case_is_the_browsers_truth(case: Case, chromium: Chromium, node_tools: Path, tmp_path: Path) -> None:
    check(case, chromium, node_tools, tmp_path)


@pytest.mark.parametrize("case", cases_of("fastapi"), ids=lambda case: case.name)
def test_fastapi_case_is_the_browsers_truth(case: Case, chromium: Chromium, node_tools: Path, tmp_path: Path) -> None:
    check(case, chromium, node_tools, tmp_path)


@pytest.mark.parametrize("case", cases_of("express"), ids=lambda case: case.name)
def test_express_case_is_the_browsers_truth(case: Case, chromium: Chromium, node_tools: Path, tmp_path: Path) -> None:
    check(case, chromium, node_tools, tmp_path)
