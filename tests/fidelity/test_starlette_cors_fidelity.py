"""portlint's model of Starlette's CORSMiddleware (tools/uvicorn/starlette_cors.py) against the real
middleware (starlette 1.10, pinned with fastapi 0.163.2 in pyproject's test extra): one real uvicorn serves
every option set under its own mount, and for each set, origin, method and requested headers the
preflight's status and Access-Control headers (on a route's path and on a path without a route: the
middleware answers both), and those of a plain response and of a response whose route set
`Access-Control-Allow-Origin: *` itself, must be what the model says. Without CORSMiddleware, FastAPI
answers the preflight 405 without CORS headers (cors_answers.py's assumption). Served on a free loopback port,
ended by its pid."""

from __future__ import annotations

import http.client
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portlint.core.cors.exchange import Header, Source
from portlint.core.model import Location, Range
from portlint.tools.uvicorn.asgi_facts import CorsMiddlewareUse, Option
from portlint.tools.uvicorn.starlette_cors import StarletteCors, on_response, preflight, read_options
from tests.fidelity.running import started

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "cors_browser" / "asgi_runner.py"
FRONT_END, OTHER = "http://localhost:4200", "http://localhost:3000"
HERE = Location("/w/main.py", Range.of(0, 0))
OPTION_SETS: list[dict[str, object]] = [
    {},
    {"allow_origins": [FRONT_END]},
    {"allow_origins": [FRONT_END], "allow_methods": ["GET", "POST"], "allow_headers": ["Authorization"]},
    {"allow_origins": [FRONT_END], "allow_methods": ["get", "post"], "allow_headers": ["content-type"]},
    {"allow_origins": ["*"]},
    {"allow_origins": ["*"], "allow_methods": ["*"], "allow_headers": ["*"]},
    {"allow_origins": ["*"], "allow_credentials": True, "allow_methods": ["*"], "allow_headers": ["*"]},
    {"allow_origins": [FRONT_END], "allow_credentials": True, "allow_methods": ["PUT"]},
    {"allow_origin_regex": r"http://localhost:42\d\d", "allow_methods": ["*"], "allow_headers": ["X-Token"]},
    {"allow_origin_regex": r"http://localhost", "allow_credentials": True},  # fullmatch: no port, no match
]
PREFLIGHTS = [
    (method, headers)
    for method in ("GET", "POST", "PUT", "DELETE")
    for headers in ((), ("content-type",), ("authorization",), ("content-type", "x-token"))
]
APP = """from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route


async def plain(request):
    return PlainTextResponse("ok")


async def manual(request):
    return PlainTextResponse("ok", headers={"Access-Control-Allow-Origin": "*"})


inner = Starlette(routes=[Route("/plain", plain, methods=["GET", "POST"]), Route("/manual", manual)])
OPTION_SETS = %s
bare = FastAPI()  # no CORSMiddleware: FastAPI answers a preflight itself


@bare.post("/items")
def add_item(item: dict):
    return item


mounts = [Mount(f"/m{i}", app=CORSMiddleware(inner, **options)) for i, options in enumerate(OPTION_SETS)]
app = Starlette(routes=[*mounts, Mount("/bare", app=bare)])
"""

pytestmark = pytest.mark.fidelity


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("starlette-cors")
    (folder / "app.py").write_text(APP % repr(OPTION_SETS))
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO)}  # the runner imports tests.*
    with started([sys.executable, str(RUNNER), str(folder)], folder, environment) as running:
        printed = json.loads(running.wait_for(r"(?m)^\{.*\}$", 60.0).group(0))
        assert "port" in printed, printed
        yield int(printed["port"])


def model(options: dict[str, object]) -> StarletteCors:
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in options.items()}
    use = CorsMiddlewareUse(HERE, tuple(Option(name, value, True, HERE) for name, value in values.items()), False)
    cors = read_options(use)
    assert cors is not None
    return cors


def sent(port: int, method: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    """The status and the Access-Control headers (lists as sorted lower-case items) the server answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, normalised([(name, value) for name, value in response.getheaders()])
    finally:
        connection.close()


def normalised(lines: list[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for name, value in lines:
        if name.lower().startswith("access-control-") and name.lower() != "access-control-max-age":
            found.setdefault(name.lower(), []).append(value)
    lists = ("access-control-allow-methods", "access-control-allow-headers")
    return {
        name: ",".join(sorted(item.strip().lower() for v in values for item in v.split(",")))
        if name in lists
        else " | ".join(values)
        for name, values in found.items()
    }


def modelled(lines: list[Header]) -> dict[str, str]:
    return normalised([(line.name, line.value) for line in lines])


@pytest.mark.parametrize("index", range(len(OPTION_SETS)), ids=lambda i: json.dumps(OPTION_SETS[i]))
def test_the_model_sends_what_starlette_sends(port: int, index: int) -> None:
    cors = model(OPTION_SETS[index])
    for origin in (FRONT_END, OTHER):
        for method, requested in PREFLIGHTS:
            asked = {"Origin": origin, "Access-Control-Request-Method": method}
            if requested:
                asked["Access-Control-Request-Headers"] = ",".join(requested)
            answered = preflight(cors, origin, method, requested)
            said = f"OPTIONS from {origin} for {method} {requested}"
            assert sent(port, "OPTIONS", f"/m{index}/plain", asked) == (
                answered.status,
                modelled(list(answered.headers)),
            ), said
            nowhere = sent(port, "OPTIONS", f"/m{index}/no-such-route", asked)
            assert nowhere == (answered.status, modelled(list(answered.headers))), f"{said}, on a path without a route"
        route_star = [Header("access-control-allow-origin", "*", Source(HERE, "route"))]
        for path, route_lines in (("/plain", []), ("/manual", route_star)):
            expected = (200, modelled(on_response(cors, list(route_lines), origin)))
            assert sent(port, "GET", f"/m{index}{path}", {"Origin": origin}) == expected, f"GET {path} from {origin}"


def test_without_cors_middleware_fastapi_answers_a_preflight_405_without_cors_headers(port: int) -> None:
    asked = {
        "Origin": FRONT_END,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    assert sent(port, "OPTIONS", "/bare/items", asked) == (405, {})
