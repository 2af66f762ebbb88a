"""Python source → its `waitress.serve(app, ...)` calls."""

from __future__ import annotations

from ...core.facts import ParseResult
from ...readers.python_calls import find_calls
from .facts import WaitressServe


def parse_waitress_serves(path: str, text: str) -> ParseResult:
    if "waitress" not in text:
        return ParseResult()
    facts: list[object] = []
    for call in find_calls(path, text, "waitress", "serve"):
        host, port, listen = (call.keywords.get(name) for name in ("host", "port", "listen"))
        facts.append(
            WaitressServe(
                path,
                call.location,
                host.value if host is not None else None,
                port.value if port is not None else None,
                listen.value if listen is not None else None,
                readable=all(a.readable for a in (host, port, listen) if a is not None),
            )
        )
    return ParseResult(facts=facts)
