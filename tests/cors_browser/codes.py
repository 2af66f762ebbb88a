"""Chromium's own CORS console errors, mapped to the portlint finding code that predicts each.

Chromium writes `Access to fetch at '<url>' from origin '<origin>' has been blocked by CORS policy: <reason>`,
the reason prefixed with `Response to preflight request doesn't pass access control check: ` when the
preflight failed on an Allow-Origin or Allow-Credentials check. The code follows the reason, not the prefix:
a preflight without Access-Control-Allow-Origin is `cors-origin-not-allowed`, like the actual request without
it; `cors-preflight-fails` is for the preflight's own failures (status, redirect, methods, headers). The exact
messages, with the Chromium version they come from, are in README.md.
"""

from __future__ import annotations

import re

from portlint.core.codes import (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_WILDCARD_WITH_CREDENTIALS,
)

# The codes issue 13 adds (spelled here until server/portlint/core/codes.py has them).
CORS_CREDENTIALS_NOT_ALLOWED = "cors-credentials-not-allowed"
CORS_PREFLIGHT_FAILS = "cors-preflight-fails"

BLOCKED = "has been blocked by CORS policy: "
PREFLIGHT = "Response to preflight request doesn't pass access control check: "

# (the reason's pattern, the code); the first match wins.
REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (
            r"^The 'Access-Control-Allow-Origin' header contains multiple values .*, but only one is allowed\.",
            CORS_DUPLICATE_ALLOW_ORIGIN,
        ),
        (
            r"^The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard "
            r"'\*' when the request's credentials mode is 'include'\.",
            CORS_WILDCARD_WITH_CREDENTIALS,
        ),
        (r"^No 'Access-Control-Allow-Origin' header is present on the requested resource\.", CORS_ORIGIN_NOT_ALLOWED),
        (
            r"^The 'Access-Control-Allow-Origin' header has a value '.*' that is not equal to the supplied origin\.",
            CORS_ORIGIN_NOT_ALLOWED,
        ),
        (
            r"^The value of the 'Access-Control-Allow-Credentials' header in the response is '.*' which must be "
            r"'true' when the request's credentials mode is 'include'\.",
            CORS_CREDENTIALS_NOT_ALLOWED,
        ),
        (r"^It does not have HTTP ok status\.", CORS_PREFLIGHT_FAILS),
        (r"^Redirect is not allowed for a preflight request\.", CORS_PREFLIGHT_FAILS),
        (
            r"^Request header field \S+ is not allowed by Access-Control-Allow-Headers in preflight response\.",
            CORS_PREFLIGHT_FAILS,
        ),
        (r"^Method \S+ is not allowed by Access-Control-Allow-Methods in preflight response\.", CORS_PREFLIGHT_FAILS),
    )
)
BROWSER_CODES = frozenset(code for _, code in REASONS)


def code_of(console_message: str) -> str | None:
    """The finding code predicting Chromium's CORS console error; None for any other message (or a CORS
    reason this table does not know, which a test should then show rather than hide)."""
    _, blocked, reason = console_message.partition(BLOCKED)
    if not blocked:
        return None
    reason = reason.removeprefix(PREFLIGHT)
    return next((code for pattern, code in REASONS if pattern.match(reason)), None)
