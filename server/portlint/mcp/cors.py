"""`probe_cors`: the browser-like CORS probe of `portlint probe`, loopback only, as one answer.

The request is a page's plain `fetch(url)` from `origin` (the Angular dev server's by default); the exchange
and the verdicts are `portlint.probe`'s, which refuses any target that is not loopback before it resolves or
connects.
"""

from __future__ import annotations

from typing import Any

from ..probe.http import probe
from ..probe.report import probe_dict, render_probe_text
from ..probe.request import DEFAULT_ORIGIN, DEFAULT_TIMEOUT, request_from


def probe_answer(url: str, origin: str | None) -> dict[str, Any]:
    """The probe's versioned JSON (README: "portlint probe") and its text summary. Raises ValueError (a
    `ProbeRefused` for a target that is not loopback) when nothing may be sent."""
    request = request_from(origin or DEFAULT_ORIGIN, "GET", [], credentials=False)
    result = probe(url, request, timeout=DEFAULT_TIMEOUT)
    return {**probe_dict(result), "summary": render_probe_text(result)}
