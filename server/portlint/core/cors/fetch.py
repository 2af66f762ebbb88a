"""The Fetch standard's CORS rules, as a browser applies them to a preflight and the real response.

Pure: answers in, verdicts out. Headers are lists of (name, value) pairs with duplicates kept, since two
`Access-Control-Allow-Origin` lines are exactly the failure we look for. Names of the steps follow
https://fetch.spec.whatwg.org/ (CORS check, CORS-preflight fetch, CORS-safelisted request-header); the
problems are worded close to Chromium's console messages so a user can match them.
"""

from __future__ import annotations

from msgspec import Struct

from ..codes import (
    CORS_CREDENTIALS_NOT_ALLOWED,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from .fetch_request import (
    HTTP_WHITESPACE,
    SAFELISTED_METHODS,
    TOKEN,
    FetchRequest,
    Headers,
    normalise_method,
    preflight_needed,
    unsafe_request_header_names,
)

ALLOW_ORIGIN = "access-control-allow-origin"
ALLOW_CREDENTIALS = "access-control-allow-credentials"
ALLOW_METHODS = "access-control-allow-methods"
ALLOW_HEADERS = "access-control-allow-headers"


# ---- the answers -----------------------------------------------------------------------------------


class HttpAnswer(Struct, frozen=True):
    """A response as received: status, reason phrase and every header line in order."""

    status: int
    reason: str = ""
    headers: Headers = ()

    def values(self, name: str) -> list[str]:
        """Every value of the header `name` (case-insensitive), trimmed, in order."""
        lowered = name.lower()
        return [value.strip(HTTP_WHITESPACE) for key, value in self.headers if key.lower() == lowered]

    def get(self, name: str) -> str | None:
        """Fetch's "get": the values joined by ", ", or None when the header is absent."""
        values = self.values(name)
        return ", ".join(values) if values else None


class Problem(Struct, frozen=True):
    """One reason a browser refuses an answer: the finding code, the header concerned ("" for the status),
    portlint's plain words (the probe prints them), Chromium's console words, and a few words for a finding."""

    code: str
    header: str
    words: str
    complaint: str
    short: str


_PREFLIGHT = "Response to preflight request doesn't pass access control check: "


def check_cors(request: FetchRequest, answer: HttpAnswer) -> list[str]:
    """Fetch's CORS check of one response: the problems, in plain words; empty when it passes."""
    return [problem.words for problem in cors_problems(request, answer)]


def check_preflight(request: FetchRequest, answer: HttpAnswer) -> list[str]:
    """The checks of Fetch's CORS-preflight fetch, in plain words; empty when the browser would go on."""
    return [problem.words for problem in preflight_problems(request, answer)]


def cors_problems(request: FetchRequest, answer: HttpAnswer, *, preflight: bool = False) -> list[Problem]:
    """Fetch's CORS check: exactly one Allow-Origin, `*` or the origin itself, and Allow-Credentials `true`
    when credentials are sent. At most one problem, the one Chromium reports."""
    prefix = _PREFLIGHT if preflight else ""
    allow_origin = answer.get("Access-Control-Allow-Origin")
    if allow_origin is None:
        complaint = "No 'Access-Control-Allow-Origin' header is present on the requested resource."
        short = "no Access-Control-Allow-Origin" + (" on the preflight" if preflight else "")
        return [
            Problem(
                CORS_ORIGIN_NOT_ALLOWED,
                ALLOW_ORIGIN,
                "no Access-Control-Allow-Origin header",
                prefix + complaint,
                short,
            )
        ]
    count = len(answer.values("Access-Control-Allow-Origin"))
    if count > 1 or "," in allow_origin:
        lines = f" (sent as {count} header lines)" if count > 1 else ""
        return [
            Problem(
                CORS_DUPLICATE_ALLOW_ORIGIN,
                ALLOW_ORIGIN,
                f"Access-Control-Allow-Origin has multiple values '{allow_origin}'{lines}, but only one is allowed",
                prefix + f"The 'Access-Control-Allow-Origin' header contains multiple values '{allow_origin}', but "
                "only one is allowed.",
                f"two Access-Control-Allow-Origin values ({allow_origin})",
            )
        ]
    if allow_origin == "*":
        if not request.credentials:
            return []
        return [
            Problem(
                CORS_WILDCARD_WITH_CREDENTIALS,
                ALLOW_ORIGIN,
                "Access-Control-Allow-Origin is the wildcard '*', which is not allowed when the request sends "
                "credentials",
                prefix + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
                "wildcard '*' when the request's credentials mode is 'include'.",
                "Access-Control-Allow-Origin `*` for a request with credentials",
            )
        ]
    if allow_origin != request.origin:
        shown = f"'{allow_origin}'" if allow_origin else "empty"
        return [
            Problem(
                CORS_ORIGIN_NOT_ALLOWED,
                ALLOW_ORIGIN,
                f"Access-Control-Allow-Origin is {shown}, not the request's origin '{request.origin}'",
                prefix + f"The 'Access-Control-Allow-Origin' header has a value '{allow_origin}' that is not equal "
                "to the supplied origin.",
                f"Access-Control-Allow-Origin is `{allow_origin}`, not this origin",
            )
        ]
    if not request.credentials:
        return []
    allow_credentials = answer.get("Access-Control-Allow-Credentials")
    if allow_credentials == "true":
        return []
    shown = "missing" if allow_credentials is None else f"'{allow_credentials}'"
    return [
        Problem(
            CORS_CREDENTIALS_NOT_ALLOWED,
            ALLOW_CREDENTIALS,
            f"Access-Control-Allow-Credentials is {shown}; it must be 'true' when the request sends credentials",
            prefix + f"The value of the 'Access-Control-Allow-Credentials' header in the response is "
            f"'{allow_credentials or ''}' which must be 'true' when the request's credentials mode is 'include'.",
            "no `Access-Control-Allow-Credentials: true` for a request with credentials",
        )
    ]


def preflight_problems(request: FetchRequest, answer: HttpAnswer) -> list[Problem]:
    """The checks of Fetch's CORS-preflight fetch: a redirect is refused outright; then the CORS check, an ok
    status, the allowed methods and headers. The first problem is the one Chromium reports."""
    if 300 <= answer.status <= 399:
        return [
            Problem(
                CORS_PREFLIGHT_FAILS,
                "",
                f"the preflight is redirected (status {answer.status}); a browser does not follow it",
                _PREFLIGHT + "Redirect is not allowed for a preflight request.",
                "the preflight is redirected",
            )
        ]
    problems = cors_problems(request, answer, preflight=True)
    if not 200 <= answer.status <= 299:
        problems.append(
            Problem(
                CORS_PREFLIGHT_FAILS,
                "",
                f"the preflight's status is {answer.status}, not 2xx",
                _PREFLIGHT + "It does not have HTTP ok status.",
                f"the preflight is answered {answer.status}",
            )
        )
    if problems:
        return problems
    methods = _list_values(answer, "Access-Control-Allow-Methods")
    header_names = _list_values(answer, "Access-Control-Allow-Headers")
    unparsed = [value for value in (methods, header_names) if isinstance(value, Problem)]
    if unparsed:
        return unparsed
    assert not isinstance(methods, Problem) and not isinstance(header_names, Problem)
    return _method_problems(request, answer, methods) + _header_problems(request, answer, header_names)


def _list_values(answer: HttpAnswer, name: str) -> list[str] | Problem | None:
    """Fetch's "extract header list values" for a `#token` header: the tokens, None when absent, or the
    problem when a value does not parse."""
    raw = answer.values(name)
    if not raw:
        return None
    tokens: list[str] = []
    for value in raw:
        for item in value.split(","):
            item = item.strip(" \t")
            if not item:
                continue
            if not TOKEN.fullmatch(item):
                return Problem(
                    CORS_PREFLIGHT_FAILS,
                    name.lower(),
                    f"{name} cannot be parsed: '{value}' (a comma-separated list of names)",
                    f"Cannot parse {name} response header field in preflight response.",
                    f"{name} of the preflight cannot be parsed",
                )
            tokens.append(item)
    return tokens


def _method_problems(request: FetchRequest, answer: HttpAnswer, methods: list[str] | None) -> list[Problem]:
    method = normalise_method(request.method)
    allowed = methods if methods is not None else []
    if method in allowed or method in SAFELISTED_METHODS:
        return []
    if "*" in allowed and not request.credentials:
        return []
    shown = _shown(answer, "Access-Control-Allow-Methods")
    words = f"method {method} is not allowed by Access-Control-Allow-Methods ({shown})"
    if "*" in allowed:
        words = f"method {method} is not in Access-Control-Allow-Methods ({shown}): '*' does not count with credentials"
    return [
        Problem(
            CORS_PREFLIGHT_FAILS,
            ALLOW_METHODS,
            words,
            f"Method {method} is not allowed by Access-Control-Allow-Methods in preflight response.",
            f"Access-Control-Allow-Methods of the preflight lacks {method}",
        )
    ]


def _header_problems(request: FetchRequest, answer: HttpAnswer, names: list[str] | None) -> list[Problem]:
    allowed = {name.lower() for name in names or []}
    shown = _shown(answer, "Access-Control-Allow-Headers")
    problems: list[Problem] = []
    sent = {name.lower() for name, _value in request.headers}
    if "authorization" in sent and "authorization" not in allowed:
        words = (
            f"request header field authorization is not allowed by Access-Control-Allow-Headers ({shown}): "
            "the wildcard '*' does not cover it, it must be named"
        )
        problems.append(_header_problem("authorization", words))
    for name in unsafe_request_header_names(request.headers):
        if name == "authorization" or name in allowed:
            continue
        if "*" in allowed and not request.credentials:
            continue
        why = ": '*' does not count with credentials" if "*" in allowed else ""
        words = (
            f"request header field {name} is not allowed by Access-Control-Allow-Headers ({shown}){why}"
            + _content_type_hint(name, request.headers)
        )
        problems.append(_header_problem(name, words))
    return problems


def _header_problem(name: str, words: str) -> Problem:
    return Problem(
        CORS_PREFLIGHT_FAILS,
        ALLOW_HEADERS,
        words,
        f"Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response.",
        f"Access-Control-Allow-Headers of the preflight lacks {name}",
    )


def _content_type_hint(name: str, headers: Headers) -> str:
    if name != "content-type":
        return ""
    values = [value for key, value in headers if key.lower() == "content-type"]
    return f" — Content-Type '{values[0]}' is not one of the three a page may send without asking" if values else ""


def _shown(answer: HttpAnswer, name: str) -> str:
    value = answer.get(name)
    return "missing" if value is None else f"'{value}'"


# ---- the verdict -----------------------------------------------------------------------------------


class CorsVerdict(Struct, frozen=True):
    ok: bool
    problems: tuple[str, ...] = ()  # plain words, each saying which step failed
    notes: tuple[str, ...] = ()  # context that is not a failure

    @property
    def summary(self) -> str:
        return "CORS ok" if self.ok else "CORS fails: " + "; ".join(self.problems)


def judge(request: FetchRequest, preflight: HttpAnswer | None, actual: HttpAnswer | None) -> CorsVerdict:
    """What a browser concludes from the preflight (None when none was needed or none came back) and the
    real response (None when it was not sent or did not come back)."""
    notes: list[str] = []
    if preflight_needed(request):
        if preflight is None:
            return CorsVerdict(False, ("the preflight got no HTTP answer",))
        problems = check_preflight(request, preflight)
        if problems:
            notes.append("a browser stops here: it does not send the real request")
            return CorsVerdict(False, tuple(f"preflight: {p}" for p in problems), tuple(notes))
    elif preflight is not None:
        notes.append("no preflight was needed for this request")
    if actual is None:
        return CorsVerdict(False, ("the request got no HTTP answer",), tuple(notes))
    problems = check_cors(request, actual)
    if 300 <= actual.status <= 399 and actual.get("Location"):
        notes.append(f"the answer redirects to {actual.get('Location')} (not followed)")
    return CorsVerdict(not problems, tuple(f"request: {p}" for p in problems), tuple(notes))
