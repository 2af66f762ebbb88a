"""portlint's static verdict on a case folder through the registry's CORS routes (`DevServer.cors`): the
folder loaded as a workspace (parsed, never imported), an Angular dev server serving the case's origin,
and the case's own fetch() calls judged against every route whose path they reach."""

from __future__ import annotations

import re
from pathlib import Path

from portlint.core.codes import CODES
from portlint.core.cors.exchange import CorsRequest, CorsRoute
from portlint.core.cors.findings import cors_findings
from portlint.core.model import Claim, Location, Part, Range, Role
from portlint.registry import TOOLS
from portlint.tools.base import load_function
from portlint.workspace.files import load_workspace

from .cases import Case, CaseRequest, load_case

CORS_CODES = frozenset(code.id for code in CODES if code.id.startswith("cors-"))
# Request headers a page may send without a preflight (Fetch's CORS-safelisted request headers, as the cases
# use them).
_SAFELISTED = frozenset({"accept", "accept-language", "content-language"})
_SAFE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
# A path parameter in any backend's rule: FastAPI `{id}`, Flask `<int:id>`, Express `:id`.
_PARAMETER = re.compile(r"\{[^}]*\}|<[^>]*>|:\w+")


def codes_from_routes(case_folder: Path, backend: str) -> set[str]:
    case = load_case(backend, case_folder)
    origin_at = Location(str(case_folder / "angular.json"), Range.of(0, 0))
    dev_server = Claim(
        "angular app serve", "angular", Role.LISTEN, case.origin_host, _port(case), True, origin_at, "case.json",
        Part.FRONTEND,
    )  # fmt: skip
    facts, _problems = load_workspace(str(case_folder))
    routes: list[CorsRoute] = []
    for tool in TOOLS:
        if tool.cors:
            routes += load_function(tool.cors)(facts, [dev_server])

    def requests(route: CorsRoute) -> list[CorsRequest]:
        return [_cors_request(case, request, origin_at) for request in case.requests if _reaches(request, route)]

    return {finding.code for finding in cors_findings(routes, requests) if finding.code in CORS_CODES}


def _port(case: Case) -> int:
    return int(case.origin.rsplit(":", 1)[1])


def _reaches(request: CaseRequest, route: CorsRoute) -> bool:
    parts = re.split(f"({_PARAMETER.pattern})", route.path)
    pattern = "".join("[^/]+" if _PARAMETER.fullmatch(part) else re.escape(part) for part in parts)
    return request.method in route.methods and re.fullmatch(pattern, request.path) is not None


def _cors_request(case: Case, request: CaseRequest, origin_at: Location) -> CorsRequest:
    unsafe = tuple(
        sorted(
            name.lower()
            for name, value in request.headers.items()
            if name.lower() not in _SAFELISTED
            and not (name.lower() == "content-type" and value.split(";")[0].strip().lower() in _SAFE_CONTENT_TYPES)
        )
    )
    return CorsRequest(
        case.origin, origin_at, request.method, request.path, unsafe, request.credentials, None,
        f"{request.method} {request.path}",
    )  # fmt: skip
