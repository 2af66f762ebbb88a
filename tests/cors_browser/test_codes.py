"""codes.code_of on Chromium's own words (Chromium 156.0.8078.108, copied from its console in these tests'
runs), and on messages it must not map."""

from __future__ import annotations

import pytest

from .codes import code_of

BLOCKED = (
    "Access to fetch at 'http://127.0.0.1:5000/api/todos' from origin 'http://localhost:4200' has been blocked by "
    "CORS policy: "
)
PREFLIGHT = "Response to preflight request doesn't pass access control check: "
NO_HEADER = "No 'Access-Control-Allow-Origin' header is present on the requested resource."
MULTIPLE = (
    "The 'Access-Control-Allow-Origin' header contains multiple values 'http://localhost:4200, *', but only one is "
    "allowed. Have the server send the header with a valid value."
)
WILDCARD = (
    "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the "
    "request's credentials mode is 'include'."
)
NOT_EQUAL = (
    "The 'Access-Control-Allow-Origin' header has a value 'http://app.example.com' that is not equal to the supplied "
    "origin. Have the server send the header with a valid value."
)
CREDENTIALS = (
    "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the "
    "request's credentials mode is 'include'."
)
CREDENTIALS_FALSE = CREDENTIALS.replace("is ''", "is 'false'")


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        (MULTIPLE, "cors-duplicate-allow-origin"),
        (PREFLIGHT + MULTIPLE, "cors-duplicate-allow-origin"),
        (WILDCARD, "cors-wildcard-with-credentials"),
        (PREFLIGHT + WILDCARD, "cors-wildcard-with-credentials"),
        (NO_HEADER, "cors-origin-not-allowed"),
        (PREFLIGHT + NO_HEADER, "cors-origin-not-allowed"),
        (NOT_EQUAL, "cors-origin-not-allowed"),
        (PREFLIGHT + NOT_EQUAL, "cors-origin-not-allowed"),
        (CREDENTIALS, "cors-credentials-not-allowed"),
        (CREDENTIALS_FALSE, "cors-credentials-not-allowed"),
        (PREFLIGHT + CREDENTIALS, "cors-credentials-not-allowed"),
        (PREFLIGHT + "It does not have HTTP ok status.", "cors-preflight-fails"),
        (PREFLIGHT + "Redirect is not allowed for a preflight request.", "cors-preflight-fails"),
        (
            "Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.",
            "cors-preflight-fails",
        ),
        ("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.", "cors-preflight-fails"),
    ],
)
def test_each_chromium_reason_maps_to_its_code(reason: str, code: str) -> None:
    assert code_of(BLOCKED + reason) == code


@pytest.mark.parametrize(
    "message",
    [
        "Failed to load resource: net::ERR_FAILED",
        "Failed to load resource: net::ERR_CONNECTION_REFUSED",
        NO_HEADER,  # the reason without Chromium's "blocked by CORS policy" sentence is not Chromium's message
        BLOCKED + "Something a newer Chromium says that no code predicts yet.",
    ],
)
def test_other_messages_map_to_nothing(message: str) -> None:
    assert code_of(message) is None
