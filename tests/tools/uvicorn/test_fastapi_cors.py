"""FastAPI / Starlette CORS read from source and judged as the browser would, on whole workspaces (a Vite
front end on 5173 beside a FastAPI backend). Real Chromium agrees with each verdict kind in
tests/cors_browser/fastapi; here: the messages, the places, the way out in FastAPI's terms, and the
silence whenever something deciding the answer is not a literal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.codes import (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from portlint.core.model import Finding

CORS = "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
ORIGIN = "http://localhost:5173"
PUT_ROUTE = "@app.put('/api/items')\ndef put(item: dict):\n    return item\n"


def cors_findings(root: Path, main: str, *, proxy: bool = False, files: dict[str, str] | None = None) -> list[Finding]:
    web = root / "web"
    web.mkdir(parents=True)
    (web / "package.json").write_text(json.dumps({"scripts": {"dev": "vite --port 5173"}}))
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if proxy:
        config = "export default { server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:8000' } } }\n"
        (web / "vite.config.js").write_text(config)
    (root / "main.py").write_text(main)
    report = check_workspace(str(root), live=False, environ={})
    return [f for f in report.findings if f.code.startswith("cors-")]


def line_of(finding: Finding, root: Path) -> str:
    path = Path(finding.location.file)
    return path.read_text().splitlines()[finding.location.range.start.line].strip() if path.is_file() else ""


def test_a_method_left_out_of_allow_methods_is_named_with_its_way_out(tmp_path: Path) -> None:
    main = CORS + (
        f'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=["{ORIGIN}"],\n'
        '    allow_methods=["GET", "POST"],\n)\n'
        '\n\n@app.put("/api/items/{item_id}")\ndef replace(item_id: int, item: dict):\n    return item\n'
    )
    (finding,) = cors_findings(tmp_path, main)
    assert finding.code == CORS_PREFLIGHT_FAILS
    assert line_of(finding, tmp_path) == 'allow_methods=["GET", "POST"],'
    assert 'Way out: add "PUT" to allow_methods.' in finding.message
    assert "a JSON PUT /api/items/{item_id} from http://localhost:5173" in finding.message
    assert len(finding.message) <= 200
    assert any("Disallowed CORS method" in r.message or "HTTP ok status" in r.message for r in finding.related)


def test_the_default_allow_methods_is_get_only(tmp_path: Path) -> None:
    main = CORS + f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n\n\n@app.post("/api/items")\n'
    main += "def add(item: dict):\n    return item\n"
    (finding,) = cors_findings(tmp_path, main)
    assert finding.code == CORS_PREFLIGHT_FAILS and 'add "POST" to allow_methods' in finding.message
    # the default is not written: the finding goes on the middleware's call
    assert line_of(finding, tmp_path).startswith("app.add_middleware(CORSMiddleware")


def test_an_origin_missing_from_a_module_constant_list(tmp_path: Path) -> None:
    main = CORS.replace("app = FastAPI()\n", 'origins = [\n    "http://localhost:3000",\n]\n\napp = FastAPI()\n')
    main += 'app.add_middleware(CORSMiddleware, allow_origins=origins)\n\n\n@app.get("/api/items")\n'
    main += "def items():\n    return []\n"
    (finding,) = cors_findings(tmp_path, main)
    assert finding.code == CORS_ORIGIN_NOT_ALLOWED
    assert line_of(finding, tmp_path).endswith("allow_origins=origins)")
    assert f'Way out: add "{ORIGIN}" to allow_origins.' in finding.message


def test_a_working_setup_says_nothing(tmp_path: Path) -> None:
    main = CORS + (
        f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"], allow_credentials=True,\n'
        '                   allow_methods=["*"], allow_headers=["*"])\n\n\n@app.delete("/api/items/{item_id}")\n'
        "def remove(item_id: int):\n    return {}\n"
    )
    assert cors_findings(tmp_path, main) == []


def test_credentials_expected_by_the_app_with_a_wildcard_work_because_starlette_echoes(tmp_path: Path) -> None:
    main = CORS + 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n\n\n'
    main += '@app.get("/api/me")\ndef me():\n    return {}\n'
    assert cors_findings(tmp_path, main) == []


def test_a_middleware_appending_a_second_allow_origin(tmp_path: Path) -> None:
    main = CORS + (
        f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n\n\n@app.middleware("http")\n'
        "async def add_cors(request, call_next):\n    response = await call_next(request)\n"
        '    response.headers.append("Access-Control-Allow-Origin", "*")\n    return response\n\n\n'
        '@app.get("/api/items")\ndef items():\n    return []\n'
    )
    (finding,) = cors_findings(tmp_path, main)
    assert finding.code == CORS_DUPLICATE_ALLOW_ORIGIN
    assert line_of(finding, tmp_path).startswith("response.headers.append(")
    assert "Way out: drop the write in middleware add_cors." in finding.message


def test_a_star_set_by_a_middleware_outside_cors_with_credentials(tmp_path: Path) -> None:
    main = CORS + (
        f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"], allow_credentials=True)\n\n\n'
        '@app.middleware("http")\nasync def star(request, call_next):\n    response = await call_next(request)\n'
        '    response.headers["Access-Control-Allow-Origin"] = "*"\n    return response\n\n\n'
        '@app.get("/api/me")\ndef me():\n    return {}\n'
    )
    codes = {f.code for f in cors_findings(tmp_path, main)}
    assert codes == {CORS_WILDCARD_WITH_CREDENTIALS}


def test_a_route_setting_the_header_without_middleware_leaves_the_preflight_405(tmp_path: Path) -> None:
    main = "from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\n\napp = FastAPI()\n\n\n"
    main += '@app.post("/api/items")\ndef add(item: dict):\n'
    main += f'    return JSONResponse(item, headers={{"Access-Control-Allow-Origin": "{ORIGIN}"}})\n'
    (finding,) = cors_findings(tmp_path, main)
    assert finding.code == CORS_ORIGIN_NOT_ALLOWED
    assert "no Access-Control-Allow-Origin on the preflight" in finding.message
    assert 'Way out: add CORSMiddleware for this origin with allow_methods=["POST"].' in finding.message


def test_routers_of_other_modules_are_mounted_with_their_prefixes(tmp_path: Path) -> None:
    main = CORS + (
        "from .routers import items\n\n"
        f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n'
        'app.include_router(items.router, prefix="/api")\n'
    )
    router = (
        "from fastapi import APIRouter\n\nrouter = APIRouter(prefix='/items')\n\n\n"
        "@router.patch('/{item_id}')\ndef edit(item_id: int, item: dict):\n    return item\n"
    )
    (finding,) = cors_findings(tmp_path, main, files={"routers/items.py": router})
    assert finding.code == CORS_PREFLIGHT_FAILS
    assert "a JSON PATCH /api/items/{item_id}" in finding.message


# Each would be a finding (the PUT's preflight fails) if the setup were read as written.
SILENCES = {
    "an option is not a literal": "from .config import settings\n\n"
    "app.add_middleware(CORSMiddleware, allow_origins=settings.origins)\n",
    "a constant list is changed after it is bound": 'import os\n\norigins = ["http://localhost:3000"]\n'
    'origins.append(os.environ["FRONT_END"])\napp.add_middleware(CORSMiddleware, allow_origins=origins)\n',
    "a middleware is added in a branch": "import os\n\n"
    f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\nif os.environ.get("DEV"):\n'
    '    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"])\n',
    "an http middleware answers OPTIONS itself": f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n'
    '\n\n@app.middleware("http")\nasync def cors(request, call_next):\n    if request.method == "OPTIONS":\n'
    "        return Response(status_code=204)\n    return await call_next(request)\n",
    "an http middleware writes in a branch": f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n'
    '\n\n@app.middleware("http")\nasync def cors(request, call_next):\n    response = await call_next(request)\n'
    '    if request.url.path.startswith("/api"):\n        response.headers["Access-Control-Allow-Origin"] = "*"\n'
    "    return response\n",
}


@pytest.mark.parametrize("setup", SILENCES.values(), ids=SILENCES.keys())
def test_silence_when_what_decides_the_answer_is_not_written_out(setup: str, tmp_path: Path) -> None:
    assert cors_findings(tmp_path, CORS + setup + "\n\n" + PUT_ROUTE) == []


def test_silence_when_a_middleware_class_of_the_project_mentions_cors_headers(tmp_path: Path) -> None:
    main = CORS + "from .middleware import CustomCors\n\n"
    main += f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\napp.add_middleware(CustomCors)\n\n\n'
    main += "@app.put('/api/items')\ndef put(item: dict):\n    return item\n"
    custom = (
        "class CustomCors:\n    def __init__(self, app):\n        self.app = app\n\n"
        "    async def __call__(self, scope, receive, send):\n"
        "        # adds b'access-control-allow-methods' to every answer\n"
        "        await self.app(scope, receive, send)\n"
    )
    assert cors_findings(tmp_path, main, files={"middleware.py": custom}) == []


def test_a_front_end_behind_its_dev_proxy_is_same_origin(tmp_path: Path) -> None:
    main = CORS + 'app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"])\n\n\n'
    main += "@app.put('/api/items')\ndef put(item: dict):\n    return item\n"
    assert cors_findings(tmp_path, main, proxy=True) == []


def test_silence_when_middleware_is_added_by_a_helper(tmp_path: Path) -> None:
    main = CORS + "from .cors import setup_cors\n\n"
    main += f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\nsetup_cors(app)\n\n\n' + PUT_ROUTE
    helper = "from fastapi import FastAPI\n\n\ndef setup_cors(app: FastAPI) -> None:\n    app.add_middleware(Extra)\n"
    assert cors_findings(tmp_path, main, files={"cors.py": helper}) == []


def test_silence_when_the_app_is_mounted_in_another(tmp_path: Path) -> None:
    main = CORS + f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n\n\n' + PUT_ROUTE
    main += "\n\nouter = FastAPI()\nouter.mount('/v1', app)\n"
    assert cors_findings(tmp_path, main) == []
    # without the mount, the same app's PUT fails its preflight
    assert [f.code for f in cors_findings(tmp_path / "alone", main.split("\n\nouter")[0])] == [CORS_PREFLIGHT_FAILS]


def test_an_app_listing_one_front_ends_origin_is_not_judged_from_another_front_end(tmp_path: Path) -> None:
    admin = json.dumps({"scripts": {"dev": "vite --port 5174"}})
    main = CORS + f'app.add_middleware(CORSMiddleware, allow_origins=["{ORIGIN}"])\n\n\n' + PUT_ROUTE
    findings = cors_findings(tmp_path, main, files={"admin/package.json": admin})
    # the PUT from 5173 fails on allow_methods; 5174 is the admin front end's, which this API does not list
    assert [(f.code, "5174" in f.message) for f in findings] == [(CORS_PREFLIGHT_FAILS, False)]
