"""Each file is parsed once, and parsers do no I/O: they get text and give facts."""

from __future__ import annotations

import builtins
import io
import os
import threading
from pathlib import Path
from typing import Any

import pytest

import portlint.readers.js_literal
import portlint.readers.js_text
import portlint.readers.jsonc
import portlint.readers.python_parse
import portlint.tools.cra.setup_proxy
import portlint.tools.firebase.firebase_json
import portlint.tools.firebase.hosting_headers
import portlint.tools.flask.python_file
from portlint.readers.grammars import JAVASCRIPT, JSON, PYTHON, TSX, TYPESCRIPT, parser
from portlint.tools.firebase.facts import HostingFunctionRewrite
from portlint.tools.firebase.hosting_headers import parse_firebase_file
from portlint.tools.flask.cors_facts import CorsModule
from portlint.tools.flask.facts import FlaskApp
from portlint.tools.flask.python_file import parse_python_file
from portlint.tools.flask.python_index import PythonIndex
from portlint.workspace.discover import ConfigFile
from portlint.workspace.load import parse_text

APP = """from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.route("/api/items")
def items():
    return []


if __name__ == "__main__":
    app.run(port=5055)
"""

FIREBASE = """{
  "emulators": {"hosting": {"port": 5002}},
  "hosting": {
    "headers": [{"source": "/api/**", "headers": [{"key": "Access-Control-Allow-Origin", "value": "*"}]}],
    "rewrites": [{"source": "/api/**", "function": "api"}]
  }
}
"""


def test_a_python_file_is_parsed_once_for_its_apps_and_its_cors_wiring(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[PythonIndex] = []

    def counting(path: str, text: str) -> PythonIndex:
        built.append(PythonIndex(path, text))
        return built[-1]

    monkeypatch.setattr(portlint.tools.flask.python_file, "PythonIndex", counting)
    facts = parse_python_file("/w/app.py", APP).facts
    assert len(built) == 1
    assert [type(fact) for fact in facts] == [FlaskApp, CorsModule]


# Flask's app and CORS readers, uvicorn's `uvicorn.run(...)` reader and the ASGI reader (its marker: the
# Access-Control header the view writes) all read this file.
FLASK_UNDER_UVICORN = """from asgiref.wsgi import WsgiToAsgi
from flask import Flask
import uvicorn

app = Flask(__name__)


@app.route("/api/items")
def items():
    return [], 200, {"Access-Control-Allow-Origin": "*"}


if __name__ == "__main__":
    uvicorn.run(WsgiToAsgi(app), port=5056)
"""


def test_a_python_file_is_parsed_once_for_every_tool_reading_it(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[bytes] = []
    parser = portlint.readers.python_parse._parser()

    class Counting:
        def parse(self, source: bytes) -> Any:
            parsed.append(source)
            return parser.parse(source)

    monkeypatch.setattr(portlint.readers.python_parse, "_parser", Counting)
    facts = parse_text(ConfigFile("/w/serve.py", "python"), FLASK_UNDER_UVICORN).facts
    assert {type(fact).__name__ for fact in facts} >= {"FlaskApp", "CorsModule", "UvicornRun"}
    assert len(parsed) == 1


def test_firebase_json_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = portlint.readers.jsonc.parse_jsonc

    def counting(path: str, text: Any, **options: Any) -> Any:
        calls.append(path)
        return real(path, text, **options)

    for module in (portlint.tools.firebase.hosting_headers, portlint.tools.firebase.firebase_json):
        monkeypatch.setattr(module, "parse_jsonc", counting)
    facts = parse_firebase_file("/w/firebase.json", FIREBASE).facts
    assert calls == ["/w/firebase.json"]
    kinds = {type(fact).__name__ for fact in facts}
    assert kinds == {
        "FirebaseEmulator",
        "FirebaseProject",
        "HostingHeaderRule",
        "HostingFunctionRewrite",
        "FileReference",
    }


def test_the_firebase_parser_opens_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """functions/index.js is there, but reading it is the workspace's job (so that it is watched too)."""
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "index.js").write_text('const cors = require("cors");\nexports.api = cors();\n')

    def refuse(*args: object, **kwargs: object) -> Any:
        raise AssertionError(f"a parser opened {args[0]!r}")

    for owner, name in ((builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os.path, "isfile")):
        monkeypatch.setattr(owner, name, refuse)
    facts = parse_firebase_file(str(tmp_path / "firebase.json"), FIREBASE).facts
    monkeypatch.undo()
    (rewrite,) = [fact for fact in facts if isinstance(fact, HostingFunctionRewrite)]
    assert rewrite.entry_files[0] == str(tmp_path / "functions" / "index.js")


def _in_another_thread(make: Any) -> object:
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(make()))
    thread.start()
    thread.join()
    assert found
    return found[0]


@pytest.mark.parametrize("which", [PYTHON, JSON, JAVASCRIPT, TYPESCRIPT, TSX], ids=lambda which: which[1])
def test_each_thread_parses_with_its_own_parser(which: tuple[str, str]) -> None:
    """tree-sitter's parse lets go of the GIL: one parser used by two threads at once would be a data race
    (the language server reads files off its event loop while an edit is parsed on it)."""
    assert _in_another_thread(lambda: parser(which)) is not parser(which)
    assert parser(which) is parser(which)


@pytest.mark.parametrize(
    "make",
    [
        lambda: portlint.readers.python_parse._parser(),
        lambda: portlint.readers.jsonc._parser(),
        lambda: portlint.readers.js_literal._parser(True),
        lambda: portlint.readers.js_literal._parser(False),
        lambda: portlint.readers.js_text._parser("tsx"),
        lambda: portlint.tools.cra.setup_proxy._parser(),
    ],
    ids=["python_parse", "jsonc", "js_literal-ts", "js_literal-js", "js_text-tsx", "setup_proxy"],
)
def test_every_reader_takes_its_threads_parser(make: Any) -> None:
    assert _in_another_thread(make) is not make()
