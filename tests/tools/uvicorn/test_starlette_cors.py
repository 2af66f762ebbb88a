"""The CORSMiddleware model on options real projects write (its answers are checked against real Starlette in
tests/fidelity/test_starlette_cors_fidelity.py): what it refuses to model, and Starlette's quirks."""

from __future__ import annotations

from portlint.core.model import Location, Range
from portlint.tools.uvicorn.asgi_facts import CorsMiddlewareUse, Option
from portlint.tools.uvicorn.starlette_cors import StarletteCors, preflight, read_options

HERE = Location("/w/main.py", Range.of(0, 0))
ORIGIN = "http://localhost:5173"


def options(**written: object) -> StarletteCors | None:
    use = CorsMiddlewareUse(HERE, tuple(Option(name, value, True, HERE) for name, value in written.items()), False)
    return read_options(use)


def test_a_regex_that_could_backtrack_for_ages_is_not_run() -> None:
    assert options(allow_origin_regex=r"(a+)+$") is None
    assert options(allow_origin_regex=r"(\d+){2}") is None
    safe = options(allow_origin_regex=r"http://localhost:\d+")
    assert safe is not None and safe.allows(ORIGIN) and not safe.allows("http://localhost:5173.evil.example")


def test_a_string_instead_of_a_list_is_not_modelled() -> None:
    # Starlette tests `origin in "http://localhost:3000"` as a substring there: not worth guessing
    assert options(allow_origins="http://localhost:3000") is None


def test_methods_are_compared_case_sensitively_and_the_star_means_every_method() -> None:
    lower = options(allow_origins=(ORIGIN,), allow_methods=("get", "post"))
    assert lower is not None
    refused = preflight(lower, ORIGIN, "POST", ("content-type",))
    assert (refused.status, refused.failures) == (400, ("method",))
    every = options(allow_origins=(ORIGIN,), allow_methods=("*",))
    assert every is not None and preflight(every, ORIGIN, "PATCH", ()).status == 200


def test_content_type_is_always_allowed_but_authorization_must_be_listed() -> None:
    default = options(allow_origins=(ORIGIN,), allow_methods=("*",))
    assert default is not None
    assert preflight(default, ORIGIN, "POST", ("content-type",)).status == 200
    refused = preflight(default, ORIGIN, "GET", ("authorization",))
    assert (refused.status, refused.refused_headers) == (400, ("authorization",))
