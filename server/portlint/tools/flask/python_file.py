"""One Python file → the Flask apps it creates or runs (ports), its CORS wiring, the constants a runner
elsewhere may read its port from, and whether it is a Cloud Function: from one parse."""

from __future__ import annotations

from ...core.facts import Fact, ParseResult
from .constants import may_name_constants, read_constants
from .cors_reader import may_wire_cors, read_flask_cors
from .facts import CloudFunctionModule
from .prefilter import is_cloud_function, may_create_apps
from .python_index import PythonIndex
from .source import read_flask_apps


def parse_python_file(path: str, text: str) -> ParseResult:
    """Only a file that may create, run or wire an app is parsed; constants and Cloud Functions are told
    from its lines."""
    facts: list[Fact] = [CloudFunctionModule(path)] if is_cloud_function(text) else []
    constants = read_constants(path, text) if may_name_constants(text) else None
    if constants is not None:
        facts.append(constants)
    apps, cors = may_create_apps(text), may_wire_cors(text)
    if not (apps or cors):
        return ParseResult(facts=facts)
    index = PythonIndex(path, text)
    if apps:
        facts += read_flask_apps(index)
    module = read_flask_cors(index) if cors else None
    if module is not None:
        facts.append(module)
    return ParseResult(facts=facts)
