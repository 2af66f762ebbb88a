"""The browser's verdict on a backend's answer to a cross-origin request, worked out statically: the answers
a backend's tool simulates go through the same Fetch rules as a live probe's (`fetch.py`), and the first
problem, the one Chromium's console reports, becomes the verdict with the source to blame
(tests/cors_browser compares these verdicts with real Chromium on real servers)."""

from __future__ import annotations

from msgspec import Struct

from .exchange import Answer, CorsRequest, Response, Source
from .fetch import ALLOW_ORIGIN, HttpAnswer, Problem, cors_problems, preflight_problems
from .fetch_request import FetchRequest

# A header value no CORS safelist admits: the request's reader already decided these names are unsafe.
_UNSAFE_VALUE = "\x7f"


class Verdict(Struct, frozen=True):
    """Why the browser refuses the exchange: the finding code, the header it complains about ("" for the
    status), its complaint in Chromium's words, a few words for the message, and the source to blame (None:
    a header is missing; the finding goes on the CORS setup or the route)."""

    code: str
    header: str
    complaint: str
    short: str
    blame: Source | None
    preflight: bool  # the preflight failed (the request itself was never sent)


def verdict(request: CorsRequest, answer: Answer) -> Verdict | None:
    """None when the browser lets the page read the response."""
    fetch = FetchRequest(
        request.origin,
        request.method,
        tuple(
            (name, "application/json" if name == "content-type" else _UNSAFE_VALUE) for name in request.unsafe_headers
        ),
        request.credentials,
    )
    if request.needs_preflight:
        problems = preflight_problems(fetch, _as_received(answer.preflight))
        if problems:
            return _verdict(problems[0], answer.preflight, preflight=True)
    problems = cors_problems(fetch, _as_received(answer.response))
    return _verdict(problems[0], answer.response, preflight=False) if problems else None


def _as_received(response: Response) -> HttpAnswer:
    return HttpAnswer(response.status, "", tuple((header.name, header.value) for header in response.headers))


def _verdict(problem: Problem, response: Response, *, preflight: bool) -> Verdict:
    if not problem.header:
        blame = response.status_source
    else:
        lines = response.lines(problem.header)
        # Of two Allow-Origin lines, the one added last is the one that made it two.
        blame = (lines[-1] if problem.header == ALLOW_ORIGIN else lines[0]).source if lines else None
    return Verdict(problem.code, problem.header, problem.complaint, problem.short, blame, preflight)
