"""The CORS matrix: portlint's static verdict on each case folder against what the real Flask + flask-cors
send.

Each folder here holding an `app.py` is a case (a new case is a new folder); an optional `case.json` sets
`origin` (default http://localhost:4200), `headers` (the preflight's Access-Control-Request-Headers, default
"content-type") and `credentials` (the front end sends cookies, default false).

Static side: portlint loads the folder as a workspace (parsing, never importing) and runs every tool's
checks and the generic CORS findings with an Angular dev server serving the case's origin; the result is the
set of the codes below (the preflight's own failures are compared with real Chromium in tests/cors_browser).

Real side: `runner.py` imports the app in a child process and serves it with Werkzeug on a free 127.0.0.1
port. For every route without URL arguments the test sends, with http.client, a preflight (OPTIONS with
Origin, Access-Control-Request-Method = the route's first method, Access-Control-Request-Headers) and the
real request, and reads each response's Access-Control-Allow-Origin values (all header lines, split on
commas). A response counts as
- `cors-duplicate-allow-origin` when it carries two or more values;
- `cors-wildcard-with-credentials` when the case sends credentials and the only value is `*` (or the app
  does not start because flask-cors refuses credentials with a wildcard);
- `cors-origin-not-allowed` when CORS is meant to answer it (flask-cors covers the route, as the runner
  reads from the live app, or the response carries the header) but it holds neither the origin nor `*` as
  its single value.
The union over all responses must equal portlint's set of codes. Every server is killed by its PID.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portlint.check import tool_findings
from portlint.core.codes import CORS_DUPLICATE_ALLOW_ORIGIN, CORS_ORIGIN_NOT_ALLOWED, CORS_WILDCARD_WITH_CREDENTIALS
from portlint.core.model import Claim, Location, Part, Range, Role
from portlint.workspace.files import load_workspace

# The codes this matrix's real side tells (tests/cors_browser compares every code with real Chromium).
CORS_CODES = (CORS_DUPLICATE_ALLOW_ORIGIN, CORS_WILDCARD_WITH_CREDENTIALS, CORS_ORIGIN_NOT_ALLOWED)

HERE = Path(__file__).parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "app.py").is_file())


def case_options(case: Path) -> dict[str, object]:
    options: dict[str, object] = {"origin": "http://localhost:4200", "headers": "content-type", "credentials": False}
    if (case / "case.json").is_file():
        options.update(json.loads((case / "case.json").read_text()))
    return options


def static_codes(case: Path, origin: str) -> set[str]:
    scheme_host, _, port = origin.rpartition(":")
    host = scheme_host.split("//", 1)[1].strip("[]")
    where = Location(str(case / "angular.json"), Range.of(0, 0))
    dev_server = Claim(
        "angular app serve", "angular", Role.LISTEN, host, int(port), True, where, "case.json", Part.FRONTEND
    )
    facts, _problems = load_workspace(str(case))
    return {f.code for f in tool_findings(facts, [dev_server], str(case)) if f.code in CORS_CODES}


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[dict[str, object]]:
    case = HERE / request.param
    runner = subprocess.Popen(
        [sys.executable, str(HERE / "runner.py"), str(case)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        assert runner.stdout is not None
        line = runner.stdout.readline()  # printed once the socket listens (or the app failed to start)
        yield json.loads(line)
    finally:
        runner.kill()
        runner.wait(timeout=10)


def acao_values(response: http.client.HTTPResponse) -> list[str]:
    lines = response.msg.get_all("Access-Control-Allow-Origin") or []
    return [value.strip() for line in lines for value in line.split(",") if value.strip()]


def exchange(port: int, method: str, path: str, headers: dict[str, str]) -> list[str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        response.read()
        return acao_values(response)
    finally:
        connection.close()


def real_codes(served: dict[str, object], options: dict[str, object]) -> set[str]:
    if "error" in served:
        assert "supports_credentials" in str(served["error"]), served["error"]
        return {CORS_WILDCARD_WITH_CREDENTIALS}
    origin, credentials = str(options["origin"]), bool(options["credentials"])
    port = int(str(served["port"]))
    codes: set[str] = set()
    routes = served["routes"]
    assert isinstance(routes, list) and routes
    for route in routes:
        method = next(m for m in route["methods"] if m not in ("OPTIONS", "HEAD"))
        preflight = {
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": str(options["headers"]),
        }
        real = {"Origin": origin, **({"Cookie": "session=1"} if credentials else {})}
        for values in (
            exchange(port, "OPTIONS", route["rule"], preflight),
            exchange(port, method, route["rule"], real),
        ):
            if len(values) > 1:
                codes.add(CORS_DUPLICATE_ALLOW_ORIGIN)
            elif credentials and values == ["*"]:
                codes.add(CORS_WILDCARD_WITH_CREDENTIALS)
            meant = route["flask_cors"] or bool(values)
            if meant and len(values) <= 1 and not (values and values[0] in ("*", origin)):
                codes.add(CORS_ORIGIN_NOT_ALLOWED)
    return codes


@pytest.mark.parametrize("served", CASES, indirect=True)
def test_static_verdict_matches_real_flask(served: dict[str, object], request: pytest.FixtureRequest) -> None:
    case = HERE / request.node.callspec.params["served"]
    options = case_options(case)
    assert static_codes(case, str(options["origin"])) == real_codes(served, options)
