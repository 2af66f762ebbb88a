"""One Python file → the Flask apps it creates (ports) and their CORS wiring."""

from __future__ import annotations

from ...core.facts import ParseResult
from .cors_reader import parse_flask_cors
from .source import parse_flask_source


def parse_python_file(path: str, text: str) -> ParseResult:
    result = parse_flask_source(path, text)
    module = parse_flask_cors(path, text)
    if module is not None:
        result.facts.append(module)
    return result
