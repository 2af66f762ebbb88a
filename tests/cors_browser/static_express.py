"""portlint's static verdict on an Express case folder: the folder loaded as a workspace (parsed, never run),
the node tool's CORS routes judged on the case's own requests from its origin."""

from __future__ import annotations

from pathlib import Path

from portlint.core.cors.exchange import CorsRequest, CorsRoute
from portlint.core.cors.findings import cors_findings
from portlint.core.model import Location, Range
from portlint.tools.node.express_cors import express_cors_routes
from portlint.tools.node.express_stack import route_matches
from portlint.workspace.files import load_workspace

from .cases import Case, load_case

# Request headers a page may send without a preflight (Fetch's CORS-safelisted request-headers, for the values
# these cases use).
SAFELISTED = frozenset({"accept", "accept-language", "content-language"})
SAFE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


def express_static_codes(case_folder: Path) -> set[str]:
    case = load_case("express", case_folder)
    facts, _problems = load_workspace(str(case_folder))
    routes = express_cors_routes(facts, [])
    requests = case_requests(case)

    def for_route(route: CorsRoute) -> list[CorsRequest]:
        return [r for r in requests if r.method in route.methods and route_matches(route.path, r.path)]

    return {finding.code for finding in cors_findings(routes, for_route)}


def case_requests(case: Case) -> list[CorsRequest]:
    origin_at = Location(str(case.folder / "case.json"), Range.of(0, 0))
    found: list[CorsRequest] = []
    for request in case.requests:
        unsafe = tuple(
            name.lower()
            for name, value in request.headers.items()
            if name.lower() not in SAFELISTED
            and not (name.lower() == "content-type" and value.split(";")[0].strip() in SAFE_CONTENT_TYPES)
        )
        described = f"{request.method} {request.path}"
        found.append(
            CorsRequest(
                case.origin, origin_at, request.method, request.path, unsafe, request.credentials, None, described
            )
        )
    return found
