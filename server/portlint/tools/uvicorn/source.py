"""Python source → its `uvicorn.run(app, host=..., port=...)` calls (keywords only, as uvicorn takes them)."""

from __future__ import annotations

from ...core.facts import ParseResult
from ...readers.python_calls import Argument, find_calls
from .facts import UvicornRun

_UNSET = Argument(None)


def parse_uvicorn_runs(path: str, text: str) -> ParseResult:
    if "uvicorn" not in text:
        return ParseResult()
    facts: list[object] = []
    for call in find_calls(path, text, "uvicorn", "run"):
        port, host = call.keywords.get("port", _UNSET), call.keywords.get("host", _UNSET)
        facts.append(
            UvicornRun(
                path,
                call.location,
                port.value,
                host.value,
                port_variable=port.variable,
                port_is_literal="port" not in call.keywords or port.readable,
                host_is_literal="host" not in call.keywords or host.readable,
                one_socket=_set(call.keywords.get("reload"), "False") or _set(call.keywords.get("workers"), "1"),
            )
        )
    return ParseResult(facts=facts)


def _set(argument: Argument | None, off: str) -> bool:
    """A keyword given a value other than the one that leaves it off (`reload=False`, `workers=1`)."""
    return argument is not None and argument.written not in (off, "None")
