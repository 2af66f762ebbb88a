"""The hook for portlint's static verdict on a case folder, compared with the browser's truth.

portlint loads the case folder as a workspace (parsing, never importing or running it), has every tool with
a `cors` hook give its routes, and judges the case's requests (a front-end call each, from case.json, made
from its `origin`) with the generic CORS findings, beside the tools' own CORS checks (a flask-cors setup
that does not start). The result is the set of CORS finding codes. None means "no static analysis for this
backend yet": the test then checks the browser's truth alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from portlint.core.cors.exchange import CorsRequest, CorsRoute
from portlint.core.cors.fetch_request import unsafe_request_header_names
from portlint.core.cors.findings import cors_findings
from portlint.core.cors.route_match import reaches
from portlint.core.model import Claim, Location, Part, Range, Role
from portlint.registry import TOOLS
from portlint.tools.base import load_function
from portlint.workspace.files import load_workspace

from .cases import Case, load_case

READY = frozenset({"flask", "express", "fastapi"})  # the backends whose tool reads CORS statically


def static_codes(backend: str, case_folder: Path) -> set[str] | None:
    """portlint's CORS finding codes for the case in `case_folder` (a `backend` app), or None."""
    if backend not in READY:
        return None
    case = load_case(backend, case_folder)
    root = str(case_folder)
    facts, _problems = load_workspace(root)
    claims = [_front_end(case)]
    codes: set[str] = set()
    routes: list[CorsRoute] = []
    for tool in TOOLS:
        if tool.checks:
            codes |= {f.code for f in load_function(tool.checks)(facts, claims, root) if f.code.startswith("cors-")}
        if tool.cors:
            routes += load_function(tool.cors)(facts, claims)
    requests = case_requests(case)
    codes |= {f.code for f in cors_findings(routes, lambda route: _calling(route, requests))}
    return codes


def _front_end(case: Case) -> Claim:
    """The dev server serving the page, as the front end's tool would claim it."""
    host_port = case.origin.split("//", 1)[1]
    host, _, port = host_port.rpartition(":")
    where = Location(str(case.folder / "case.json"), Range.of(0, 0))
    return Claim("front end", "vite", Role.LISTEN, host, int(port), True, where, "case.json", Part.FRONTEND)


def case_requests(case: Case) -> list[CorsRequest]:
    call = Location(str(case.folder / "case.json"), Range.of(0, 0))
    return [
        CorsRequest(
            case.origin,
            call,
            request.method.upper(),
            request.path,
            unsafe_request_header_names(request.headers.items()),
            request.credentials,
            call,
            f"{request.method} {request.path}",
        )
        for request in case.requests
    ]


def _calling(route: CorsRoute, requests: Sequence[CorsRequest]) -> list[CorsRequest]:
    """The case's requests that reach `route`, matched as portlint matches a front end's calls."""
    return [r for r in requests if reaches(route.path, r.path, route.matches) and r.method in route.methods]
