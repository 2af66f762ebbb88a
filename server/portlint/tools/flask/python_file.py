"""One Python file → the Flask apps it creates (ports) and their CORS wiring, from one parse."""

from __future__ import annotations

from ...core.facts import ParseResult
from .cors_reader import may_wire_cors, read_flask_cors
from .python_index import PythonIndex
from .source import may_create_apps, read_flask_apps


def parse_python_file(path: str, text: str) -> ParseResult:
    apps, cors = may_create_apps(text), may_wire_cors(text)
    if not (apps or cors):
        return ParseResult()
    index = PythonIndex(path, text)
    result = ParseResult(facts=list(read_flask_apps(index)) if apps else [])
    module = read_flask_cors(index) if cors else None
    if module is not None:
        result.facts.append(module)
    return result
