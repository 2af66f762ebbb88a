"""One Python file → the Flask apps it creates or runs (ports), its CORS wiring, the constants a runner
elsewhere may read its port from, and whether it is a Cloud Function: from one parse."""

from __future__ import annotations

import re

from ...core.facts import Fact, ParseResult
from .cors_reader import may_wire_cors, read_flask_cors
from .facts import CloudFunctionModule, PythonConstants
from .python_index import PythonIndex
from .python_values import ValueReader
from .source import is_cloud_function, may_create_apps, read_flask_apps

# `PORT = ...`, `HOST = ...` at the start of a line (a module constant or a class attribute).
_CONSTANT = re.compile(r"^[ \t]*[A-Za-z_]*(?:PORT|HOST)[A-Za-z_0-9]*[ \t]*(?::[^=\n]*)?=[^=]", re.MULTILINE)


def parse_python_file(path: str, text: str) -> ParseResult:
    apps, cors, constants = may_create_apps(text), may_wire_cors(text), _CONSTANT.search(text) is not None
    facts: list[Fact] = [CloudFunctionModule(path)] if is_cloud_function(text) else []
    if not (apps or cors or constants):
        return ParseResult(facts=facts)
    index = PythonIndex(path, text)
    if apps:
        facts += read_flask_apps(index)
    if constants and (values := ValueReader(index).constants()):
        facts.append(PythonConstants(path, values))
    module = read_flask_cors(index) if cors else None
    if module is not None:
        facts.append(module)
    return ParseResult(facts=facts)
