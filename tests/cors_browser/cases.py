"""The case folders: `tests/cors_browser/<backend>/<case>/` with the app and a `case.json` (README.md)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .browser import FrontEndRequest
from .codes import BROWSER_CODES

HERE = Path(__file__).resolve().parent
BACKENDS = {"flask": "app.py", "fastapi": "app.py", "express": "server.js"}
DEFAULT_ORIGIN = "http://localhost:4200"
LOOPBACK_NAMES = ("localhost", "127.0.0.1")


@dataclass(frozen=True)
class CaseRequest:
    """One fetch() the front end makes, its URL relative to the backend."""

    method: str
    path: str
    headers: dict[str, str]
    credentials: bool
    body: str | None
    expected: str | None  # this call's code (the case's unless the request says "expected" itself)

    def to(self, backend_port: int) -> FrontEndRequest:
        url = f"http://127.0.0.1:{backend_port}{self.path}"
        return FrontEndRequest(self.method, url, self.headers, self.credentials, self.body)


@dataclass(frozen=True)
class Case:
    backend: str
    folder: Path
    origin: str  # the front end's dev origin, as the app's own code spells it
    requests: tuple[CaseRequest, ...]
    expected: str | None  # the finding code, or None: the browser lets every request through

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def origin_host(self) -> str:
        return urlsplit(self.origin).hostname or ""

    @property
    def expected_codes(self) -> set[str]:
        return set() if self.expected is None else {self.expected}

    def live_copy(self, live_origin: str, into: Path) -> Path:
        """The folder copied into `into`, every spelling of the case's origin replaced by `live_origin` (the
        same host on the origin server's free port), so the app allows (or not) exactly what it would."""
        copy = into / self.name
        shutil.copytree(self.folder, copy)
        spelled = re.compile(re.escape(self.origin) + r"(?![0-9])")  # not http://localhost:42000
        for path in copy.rglob("*"):
            if path.is_file() and path.suffix in (".py", ".js", ".cjs", ".mjs", ".json"):
                path.write_text(spelled.sub(live_origin, path.read_text()))
        return copy


def load_case(backend: str, folder: Path) -> Case:
    """The case in `folder`; a malformed case.json fails loudly with the folder's name."""
    try:
        return _parsed(backend, folder, json.loads((folder / "case.json").read_text()))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{folder}/case.json: {type(error).__name__}: {error}") from error


def _parsed(backend: str, folder: Path, spec: dict[str, Any]) -> Case:
    unknown = set(spec) - {"origin", "requests", "expected"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    expected = spec["expected"]
    if expected is not None and expected not in BROWSER_CODES:
        raise ValueError(f"expected {expected!r} is neither null nor one of {sorted(BROWSER_CODES)}")
    origin = str(spec.get("origin", DEFAULT_ORIGIN))
    if urlsplit(origin).hostname not in LOOPBACK_NAMES:
        raise ValueError(f"origin {origin!r} must be http://localhost:N or http://127.0.0.1:N")
    requests = tuple(
        CaseRequest(
            method=str(r.get("method", "GET")),
            path=str(r["path"]),
            headers={str(k): str(v) for k, v in r.get("headers", {}).items()},
            credentials=bool(r.get("credentials", False)),
            body=r.get("body"),
            expected=r.get("expected", expected),
        )
        for r in spec["requests"]
    )
    if not requests:
        raise ValueError("no request")
    if {r.expected for r in requests} - {None} != ({expected} - {None}):
        raise ValueError(f"each request's expected must be null or the case's {expected!r}, and one must be that")
    return Case(backend, folder, origin, requests, expected)


def cases_of(backend: str) -> list[Case]:
    """Every case folder of `backend` (a folder holding the backend's app file and a case.json)."""
    root = HERE / backend
    folders = sorted(p for p in root.iterdir() if (p / BACKENDS[backend]).is_file() and (p / "case.json").is_file())
    return [load_case(backend, folder) for folder in folders]
