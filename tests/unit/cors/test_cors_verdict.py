"""The Fetch standard's CORS rules, case by case: the preflight, the real response, and who answered."""

from __future__ import annotations

import pytest

from portlint.core.cors.fetch import (
    FetchRequest,
    HttpAnswer,
    check_cors,
    check_preflight,
    is_forbidden_request_header,
    is_safelisted_request_header,
    judge,
    mime_essence,
    preflight_headers,
    preflight_needed,
    serialise_origin,
    unsafe_request_header_names,
)
from portlint.probe.answerer import who_answered

ORIGIN = "http://localhost:4200"
GET = FetchRequest(ORIGIN)
GET_CREDENTIALED = FetchRequest(ORIGIN, credentials=True)
JSON_POST = FetchRequest(ORIGIN, "POST", (("Content-Type", "application/json"),))
PUT = FetchRequest(ORIGIN, "PUT")
PUT_CREDENTIALED = FetchRequest(ORIGIN, "PUT", credentials=True)
AUTHORIZED = FetchRequest(ORIGIN, "GET", (("Authorization", "Bearer x"),))
CUSTOM = FetchRequest(ORIGIN, "GET", (("X-Trace", "1"),))
CUSTOM_CREDENTIALED = FetchRequest(ORIGIN, "GET", (("X-Trace", "1"),), credentials=True)


def answer(status: int = 200, *headers: tuple[str, str]) -> HttpAnswer:
    return HttpAnswer(status, "", tuple(headers))


ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"

# (id, request, response, None when it passes else a piece of the one problem it must report)
CORS_CHECK_CASES: list[tuple[str, FetchRequest, HttpAnswer, str | None]] = [
    ("echoed origin", GET, answer(200, (ACAO, ORIGIN)), None),
    ("wildcard", GET, answer(200, (ACAO, "*")), None),
    ("status does not matter for the real response", GET, answer(500, (ACAO, ORIGIN)), None),
    ("header name is case-insensitive", GET, answer(200, ("access-control-allow-origin", ORIGIN)), None),
    ("surrounding whitespace is trimmed", GET, answer(200, (ACAO, f"  {ORIGIN} ")), None),
    ("no header", GET, answer(200), "no Access-Control-Allow-Origin header"),
    ("AirTunes 403", GET, answer(403, ("Server", "AirTunes/620.8.2")), "no Access-Control-Allow-Origin header"),
    ("two header lines", GET, answer(200, (ACAO, "*"), (ACAO, ORIGIN)), "multiple values '*, http://localhost:4200'"),
    ("two header lines say so", GET, answer(200, (ACAO, ORIGIN), (ACAO, "*")), "sent as 2 header lines"),
    ("the same value twice", GET, answer(200, (ACAO, ORIGIN), (ACAO, ORIGIN)), "multiple values"),
    ("two values in one line", GET, answer(200, (ACAO, f"{ORIGIN}, *")), "multiple values"),
    ("another origin", GET, answer(200, (ACAO, "http://localhost:3000")), "not the request's origin"),
    ("trailing slash is another origin", GET, answer(200, (ACAO, ORIGIN + "/")), "not the request's origin"),
    ("origin comparison is case-sensitive", GET, answer(200, (ACAO, ORIGIN.upper())), "not the request's origin"),
    ("127.0.0.1 is not localhost", GET, answer(200, (ACAO, "http://127.0.0.1:4200")), "not the request's origin"),
    ("empty value", GET, answer(200, (ACAO, "")), "is empty"),
    ("null is not a wildcard", GET, answer(200, (ACAO, "null")), "not the request's origin"),
    ("wildcard with credentials", GET_CREDENTIALED, answer(200, (ACAO, "*"), (ACAC, "true")), "wildcard '*'"),
    ("credentials without ACAC", GET_CREDENTIALED, answer(200, (ACAO, ORIGIN)), "Allow-Credentials is missing"),
    ("ACAC is case-sensitive", GET_CREDENTIALED, answer(200, (ACAO, ORIGIN), (ACAC, "True")), "is 'True'"),
    ("credentials done right", GET_CREDENTIALED, answer(200, (ACAO, ORIGIN), (ACAC, "true")), None),
    ("ACAC ignored without credentials", GET, answer(200, (ACAO, "*"), (ACAC, "false")), None),
]


@pytest.mark.parametrize(
    ("request_", "response", "problem"), [c[1:] for c in CORS_CHECK_CASES], ids=[c[0] for c in CORS_CHECK_CASES]
)
def test_cors_check(request_: FetchRequest, response: HttpAnswer, problem: str | None) -> None:
    problems = check_cors(request_, response)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0], problems


PREFLIGHT_CASES: list[tuple[str, FetchRequest, HttpAnswer, list[str]]] = [
    ("JSON POST allowed", JSON_POST, answer(200, (ACAO, ORIGIN), (ACAH, "Content-Type")), []),
    ("204 is ok too", JSON_POST, answer(204, (ACAO, ORIGIN), (ACAH, "content-type")), []),
    ("allowed headers compare case-insensitively", JSON_POST, answer(200, (ACAO, ORIGIN), (ACAH, "CONTENT-TYPE")), []),
    (
        "JSON POST without Allow-Headers",
        JSON_POST,
        answer(200, (ACAO, ORIGIN)),
        ["request header field content-type is not allowed by Access-Control-Allow-Headers (missing)"],
    ),
    (
        "JSON POST with other headers allowed",
        JSON_POST,
        answer(200, (ACAO, ORIGIN), (ACAH, "X-Requested-With")),
        ["content-type is not allowed by Access-Control-Allow-Headers ('X-Requested-With')"],
    ),
    ("wildcard headers", CUSTOM, answer(200, (ACAO, ORIGIN), (ACAH, "*")), []),
    (
        "wildcard headers, credentials",
        CUSTOM_CREDENTIALED,
        answer(200, (ACAO, ORIGIN), (ACAC, "true"), (ACAH, "*")),
        ["'*' does not count with credentials"],
    ),
    ("named with credentials", CUSTOM_CREDENTIALED, answer(200, (ACAO, ORIGIN), (ACAC, "true"), (ACAH, "x-trace")), []),
    (
        "Authorization is not covered by *",
        AUTHORIZED,
        answer(200, (ACAO, ORIGIN), (ACAH, "*")),
        ["authorization", "must be named"],
    ),
    ("Authorization named", AUTHORIZED, answer(200, (ACAO, ORIGIN), (ACAH, "Authorization")), []),
    (
        "Allow-Headers over two lines",
        FetchRequest(ORIGIN, "GET", (("X-A", "1"), ("X-B", "2"))),
        answer(200, (ACAO, ORIGIN), (ACAH, "x-a"), (ACAH, "x-b")),
        [],
    ),
    ("PUT allowed", PUT, answer(200, (ACAO, ORIGIN), (ACAM, "GET, PUT")), []),
    (
        "PUT not listed",
        PUT,
        answer(200, (ACAO, ORIGIN), (ACAM, "GET, POST")),
        ["method PUT is not allowed by Access-Control-Allow-Methods ('GET, POST')"],
    ),
    (
        "PUT without Allow-Methods",
        PUT,
        answer(200, (ACAO, ORIGIN)),
        ["method PUT is not allowed by Access-Control-Allow-Methods (missing)"],
    ),
    ("method names are case-sensitive", PUT, answer(200, (ACAO, ORIGIN), (ACAM, "put")), ["method PUT"]),
    ("wildcard methods", PUT, answer(200, (ACAO, ORIGIN), (ACAM, "*")), []),
    (
        "wildcard methods, credentials",
        PUT_CREDENTIALED,
        answer(200, (ACAO, ORIGIN), (ACAC, "true"), (ACAM, "*")),
        ["'*' does not count with credentials"],
    ),
    (
        "safelisted method needs no listing",
        JSON_POST,
        answer(200, (ACAO, ORIGIN), (ACAM, "PUT"), (ACAH, "content-type")),
        [],
    ),
    (
        "unparsable Allow-Methods",
        PUT,
        answer(200, (ACAO, ORIGIN), (ACAM, "GET PUT")),
        ["Access-Control-Allow-Methods cannot be parsed"],
    ),
    ("empty list items are fine", PUT, answer(200, (ACAO, ORIGIN), (ACAM, "GET,, PUT ,")), []),
    ("403 preflight", JSON_POST, answer(403, (ACAO, ORIGIN), (ACAH, "content-type")), ["status is 403, not 2xx"]),
    ("redirected preflight", PUT, answer(301, (ACAO, ORIGIN), (ACAM, "PUT")), ["redirected (status 301)"]),
    (
        "AirTunes preflight",
        JSON_POST,
        answer(403, ("Server", "AirTunes/620.8.2")),
        ["no Access-Control-Allow-Origin header", "status is 403"],
    ),
    ("two origins in the preflight", PUT, answer(200, (ACAO, "*"), (ACAO, ORIGIN), (ACAM, "PUT")), ["multiple values"]),
]


@pytest.mark.parametrize(
    ("request_", "response", "expected"), [c[1:] for c in PREFLIGHT_CASES], ids=[c[0] for c in PREFLIGHT_CASES]
)
def test_preflight(request_: FetchRequest, response: HttpAnswer, expected: list[str]) -> None:
    problems = check_preflight(request_, response)
    if not expected:
        assert problems == []
    else:
        joined = " | ".join(problems)
        assert all(piece in joined for piece in expected), problems


@pytest.mark.parametrize(
    ("name", "value", "safe"),
    [
        ("Accept", "application/json", True),
        ("Accept", "text/html; q=(0.9)", False),  # ( and ) are unsafe bytes
        ("Accept-Language", "en-US,en;q=0.9", True),
        ("Content-Language", "de_DE", False),  # _ is not allowed
        ("Content-Type", "text/plain;charset=UTF-8", True),
        ("Content-Type", "application/x-www-form-urlencoded", True),
        ("Content-Type", "Multipart/Form-Data; boundary=x", True),
        ("Content-Type", "application/json", False),
        ("Content-Type", 'text/plain; charset="utf-8"', False),  # " is an unsafe byte
        ("Content-Type", "text", False),
        ("Content-Type", "text/plain" + " " * 130, False),  # longer than 128 bytes
        ("Range", "bytes=0-99", True),
        ("Range", "bytes=5-", True),
        ("Range", "bytes=-5", False),
        ("Range", "bytes=9-1", False),
        ("X-Requested-With", "XMLHttpRequest", False),
        ("Authorization", "Bearer x", False),
    ],
)
def test_safelisted_request_headers(name: str, value: str, safe: bool) -> None:
    assert is_safelisted_request_header(name, value) is safe


def test_unsafe_names_are_lowercase_sorted_and_unique() -> None:
    headers = (("X-Zeta", "1"), ("Content-Type", "application/json"), ("x-zeta", "2"), ("Accept", "*/*"))
    assert unsafe_request_header_names(headers) == ("content-type", "x-zeta")


def test_safelisted_headers_become_unsafe_past_1024_bytes() -> None:
    headers = tuple((f"Accept{'-Language' if i % 2 else ''}", "a" * 120) for i in range(9))
    assert unsafe_request_header_names(headers[:8]) == ()  # 960 bytes
    assert unsafe_request_header_names(headers) == ("accept", "accept-language")  # 1080 bytes


@pytest.mark.parametrize(
    ("request_", "needed"),
    [
        (GET, False),
        (FetchRequest(ORIGIN, "HEAD"), False),
        (FetchRequest(ORIGIN, "POST", (("Content-Type", "text/plain"),)), False),
        (JSON_POST, True),
        (PUT, True),
        (FetchRequest(ORIGIN, "delete"), True),
        (CUSTOM, True),
    ],
)
def test_preflight_needed(request_: FetchRequest, needed: bool) -> None:
    assert preflight_needed(request_) is needed


def test_preflight_headers_as_a_browser_sends_them() -> None:
    request = FetchRequest(ORIGIN, "patch", (("X-B", "1"), ("Content-Type", "application/json"), ("X-A", "2")))
    assert preflight_headers(request) == (
        ("Origin", ORIGIN),
        ("Access-Control-Request-Method", "patch"),  # only the six standard names are upper-cased
        ("Access-Control-Request-Headers", "content-type,x-a,x-b"),
    )
    assert dict(preflight_headers(FetchRequest(ORIGIN, "delete")))["Access-Control-Request-Method"] == "DELETE"


def test_judge_stops_at_a_failed_preflight() -> None:
    verdict = judge(JSON_POST, answer(200, (ACAO, ORIGIN)), None)
    assert not verdict.ok
    assert verdict.problems[0].startswith("preflight: request header field content-type")
    assert any("does not send the real request" in note for note in verdict.notes)


def test_judge_preflight_passes_but_real_request_fails() -> None:
    """`@cross_origin` answers OPTIONS itself: the preflight can pass while the view's answer fails."""
    verdict = judge(
        JSON_POST,
        answer(200, (ACAO, ORIGIN), (ACAH, "content-type")),
        answer(200, (ACAO, "*"), (ACAO, ORIGIN)),
    )
    assert not verdict.ok
    assert verdict.problems == (
        "request: Access-Control-Allow-Origin has multiple values '*, http://localhost:4200' "
        "(sent as 2 header lines), but only one is allowed",
    )
    assert verdict.summary.startswith("CORS fails: request: ")


def test_judge_simple_request_passes_and_needs_no_preflight() -> None:
    verdict = judge(GET, None, answer(200, (ACAO, ORIGIN)))
    assert verdict.ok and verdict.summary == "CORS ok" and verdict.problems == ()
    assert not judge(GET, None, None).ok
    assert not judge(PUT, None, answer(200, (ACAO, ORIGIN))).ok  # the preflight it needed never came


def test_judge_notes_a_redirect() -> None:
    verdict = judge(GET, None, answer(302, (ACAO, ORIGIN), ("Location", "/login")))
    assert verdict.ok and verdict.notes == ("the answer redirects to /login (not followed)",)


@pytest.mark.parametrize(
    ("headers", "product", "words"),
    [
        ((("Server", "AirTunes/620.8.2"),), "AirTunes", "AirTunes 620.8.2 (macOS's AirPlay Receiver)"),
        ((("server", "Werkzeug/3.1.3 Python/3.11.2"),), "Werkzeug", "Werkzeug 3.1.3 (Flask's development server)"),
        ((("Server", "SimpleHTTP/0.6 Python/3.11.2"),), "SimpleHTTP", "SimpleHTTP 0.6 (Python's http.server)"),
        ((("Server", "nginx/1.25.3"),), "nginx", "nginx 1.25.3"),
        ((("Server", "gunicorn"),), "gunicorn", "gunicorn (Gunicorn)"),
        ((("Server", "Apache/2.4.58 (Debian)"),), "Apache", "Apache 2.4.58 (Apache httpd)"),
        ((("Server", "MyThing/2"),), "MyThing", "MyThing 2"),
        (
            (("X-Powered-By", "Express"),),
            None,
            "an Express server (Node.js; e.g. the Angular dev server or a Firebase emulator)",
        ),
        ((), None, "a server that does not name itself (no Server header)"),
    ],
)
def test_who_answered(headers: tuple[tuple[str, str], ...], product: str | None, words: str) -> None:
    answerer = who_answered(headers)
    assert answerer.product == product
    assert answerer.words == words


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("http://localhost:4200", "http://localhost:4200"),
        ("http://LOCALHOST:4200/", "http://localhost:4200"),
        ("http://localhost:80", "http://localhost"),
        ("https://example.com:443", "https://example.com"),
        ("http://[::1]:4200", "http://[::1]:4200"),
        ("null", "null"),
    ],
)
def test_serialise_origin(text: str, origin: str) -> None:
    assert serialise_origin(text) == origin


@pytest.mark.parametrize(
    "text", ["localhost:4200", "http://localhost:4200/app", "ftp://x", "http://u@x", "http://x:99999"]
)
def test_serialise_origin_refuses_what_is_not_an_origin(text: str) -> None:
    with pytest.raises(ValueError):
        serialise_origin(text)


def test_mime_essence_and_forbidden_headers() -> None:
    assert mime_essence(" Text/Plain ; charset=utf-8") == "text/plain"
    assert mime_essence("text/") is None
    assert is_forbidden_request_header("Cookie") and is_forbidden_request_header("Sec-Fetch-Mode")
    assert is_forbidden_request_header("Proxy-Authorization") and not is_forbidden_request_header("Authorization")
