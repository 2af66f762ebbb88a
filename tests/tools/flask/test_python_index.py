"""The parsed Python file's shortcuts (python_tree.py, python_index.py) give what one walk over every node
gives: the same facts from every Flask file of the test cases and examples, the same enclosing functions
for every node, and the walk where a query could cost more than linear time."""

from __future__ import annotations

from pathlib import Path

import pytest

import portlint.tools.flask.python_index
from portlint.tools.flask.python_file import parse_python_file
from portlint.tools.flask.python_index import PythonIndex
from portlint.tools.flask.python_tree import QUERY_LIMIT, FunctionRanges, Walk

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = ("tests/tools/flask/cases", "tests/cors_matrix", "tests/cors_browser/flask", "tests/layouts", "examples")


def _flask_files() -> list[Path]:
    files = [p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py")) if "node_modules" not in p.parts]
    return [p for p in files if "lask" in p.read_text(encoding="utf-8", errors="replace")]


FLASK_FILES = _flask_files()


def test_there_are_flask_files_to_compare() -> None:
    assert len(FLASK_FILES) > 80


def test_the_query_reads_the_same_facts_as_the_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {str(p): p.read_text(encoding="utf-8", errors="replace") for p in FLASK_FILES}
    queried = {path: parse_python_file(path, text) for path, text in texts.items()}
    assert sum(not PythonIndex(path, text).walked for path, text in texts.items()) > 80  # the query ran
    monkeypatch.setattr(portlint.tools.flask.python_index, "query_kinds", lambda root, size: None)
    walked = {path: parse_python_file(path, text) for path, text in texts.items()}
    assert sum(len(result.facts) for result in walked.values()) > 100
    for path in texts:
        assert queried[path] == walked[path], path


def test_functions_from_byte_ranges_are_the_walks_for_every_node() -> None:
    compared = 0
    for path in FLASK_FILES:
        index = PythonIndex(str(path), path.read_text(encoding="utf-8", errors="replace"))
        walk = Walk(index.root)
        ranges = FunctionRanges(index.of_kind("function_definition"), budget=1_000_000)
        for node in walk.nodes:
            assert ranges.around(node) == (walk.function.get(node.id), walk.outermost.get(node.id)), (path, node)
            compared += node.id in walk.function
    assert compared > 1000


@pytest.mark.parametrize(
    "text",
    [
        "from flask import Blueprint\nbp = Blueprint('b', __name__)\n" + "[" * 20_000,  # an ERROR of 20,000 children
        "from flask import Flask\napp = Flask(__name__)\napp.run(port=" + "int(" * 2_000 + "\n",
        "from flask import Flask\napp = Flask(__name__)\nx = " + "int(" * 40_000 + "1" + ")" * 40_000,  # too large
    ],
)
def test_a_tree_with_errors_or_too_large_is_walked_not_queried(text: str) -> None:
    assert PythonIndex("/w/app.py", text).walked


def test_a_small_tree_without_errors_is_queried() -> None:
    text = "from flask import Flask\napp = Flask(__name__)\nx = " + "int(" * 2_000 + "1" + ")" * 2_000 + "\n"
    assert len(text) < QUERY_LIMIT
    index = PythonIndex("/w/app.py", text)
    assert not index.walked
    assert len(index.of_kind("call")) == 2_001


BODIES = (
    "    def inner():\n        r.headers['Access-Control-Allow-Origin'] = '*'\n"
    "    r.headers.add('Access-Control-Allow-Headers', 'X')\n    return r\n",
    "    f = lambda r: r.headers.set('Access-Control-Allow-Origin', '*')\n    h = 'Access-Control-Allow-Methods'\n"
    "    return '', 204, {'Access-Control-Allow-Origin': request.origin}\n",
    "    y = \"Access-Control-\\x41llow-Origin\"\n    resp.headers[x] = '*'\n"
    "    return Response('', headers={'Access-Control-Allow-Credentials': 'true'})\n",
    "    @decorate(lambda: 'Access-Control-Allow-Origin')\n    def inner():\n"
    "        return make_response('', {'Access-Control-Allow-Origin': '*'})\n"
    "    if a:\n        response.access_control_allow_origin = '*'\n    return inner()\n",
)


@pytest.mark.parametrize("body", BODIES)
def test_header_writes_read_by_the_query_are_the_walks(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nested functions and lambdas are left out, escaped and plain header names counted, as by the walk."""
    text = (
        "from flask import Flask, request\napp = Flask(__name__)\n"
        f"@app.route('/a')\ndef view():\n{body}@app.after_request\ndef after(r):\n{body}"
    )
    assert not PythonIndex("/w/app.py", text).walked
    queried = parse_python_file("/w/app.py", text)
    monkeypatch.setattr(portlint.tools.flask.python_index, "query_kinds", lambda root, size: None)
    assert queried == parse_python_file("/w/app.py", text)
    assert any(getattr(fact, "routes", ()) for fact in queried.facts)
