"""App Engine's `app.yaml`: the Python code beside it (and below) is served by App Engine's own gunicorn,
not by a Flask dev server a developer starts; only an explicit local runner (`app.run()` under __main__)
counts there."""

from __future__ import annotations

import re

from msgspec import Struct

from ...core.facts import ParseResult

# App Engine's app.yaml always names its runtime (`runtime: python312`); other app.yaml files need not.
_RUNTIME = re.compile(r"^runtime[ \t]*:", re.MULTILINE)


class AppEngineApp(Struct, frozen=True):
    """An App Engine service's app.yaml."""

    file: str


def parse_app_yaml(path: str, text: str) -> ParseResult:
    return ParseResult(facts=[AppEngineApp(path)] if _RUNTIME.search(text) else [])
