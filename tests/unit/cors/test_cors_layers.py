"""CORS checks beyond a single Flask file: nginx and firebase hosting in front, the whole `check`
pipeline, and bad input that must not raise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.check import check_workspace
from portlint.tools.firebase.facts import FunctionExports, HostingFunctionRewrite, HostingHeaderRule
from portlint.tools.firebase.functions_source import parse_functions_source
from portlint.tools.firebase.hosting_headers import parse_firebase_file
from portlint.tools.flask.cors_checks import (
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_HEADER_ADDED_BY_PROXY,
    CORS_ORIGIN_NOT_ALLOWED,
    function_middleware,
)
from portlint.tools.flask.cors_reader import parse_flask_cors
from portlint.tools.nginx.facts import NginxProxy
from portlint.tools.nginx.nginx_conf import parse_nginx

FLASK_WITH_CORS = """from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://example.com"])


@app.after_request
def star(response):
    response.headers.add("Access-Control-Allow-Origin", "*")
    return response


@app.route("/api/data")
def data():
    return "x"
"""

NGINX = """http {
  server {
    add_header Access-Control-Allow-Origin "*";  # server level
    location /api/ {
      proxy_pass http://127.0.0.1:5000;
    }
    location /other/ {
      add_header X-Frame-Options DENY;
      proxy_pass http://127.0.0.1:5000;
    }
    location /hidden/ {
      proxy_hide_header Access-Control-Allow-Origin;
      proxy_pass http://localhost:5000;
    }
  }
}
"""


def test_nginx_inherits_add_header_only_without_own_ones(tmp_path: Path) -> None:
    result = parse_nginx(str(tmp_path / "nginx.conf"), NGINX)
    proxies = {p.path: p for p in result.facts if isinstance(p, NginxProxy)}
    assert proxies["/api/"].allow_origin_values == ("*",)
    assert proxies["/api/"].port == 5000 and proxies["/api/"].allow_origin[0].range.start.line == 2
    assert proxies["/other/"].allow_origin == ()  # its own add_header replaces the server's
    assert proxies["/hidden/"].hides_allow_origin


def test_nginx_unbalanced_braces_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert parse_nginx(str(tmp_path / "nginx.conf"), "server { location / {").problems
    assert parse_nginx(str(tmp_path / "nginx.conf"), "}").problems


def test_check_reports_duplicates_and_nginx_in_front_of_flask(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(FLASK_WITH_CORS)
    (tmp_path / ".flaskenv").write_text("FLASK_APP=app.py\n")
    (tmp_path / "nginx").mkdir()
    (tmp_path / "nginx" / "site.conf").write_text(NGINX)
    (tmp_path / "angular.json").write_text(
        '{"projects": {"web": {"architect": {"serve": {"options": {"port": 4300}}}}}}'
    )
    report = check_workspace(str(tmp_path), live=False)
    by_code = {f.code: f for f in report.findings}
    # manual `*` runs last (registered after CORS()) and flask-cors refuses the 4300 origin: one value `*`
    assert CORS_DUPLICATE_ALLOW_ORIGIN not in by_code
    assert CORS_ORIGIN_NOT_ALLOWED not in by_code  # `*` admits any origin
    proxy = by_code[CORS_HEADER_ADDED_BY_PROXY]
    assert proxy.location.file.endswith("site.conf") and proxy.port == 5000
    assert proxy.fixes[0].edits[0].new_text.strip() == "proxy_hide_header Access-Control-Allow-Origin;"


def test_origin_not_allowed_points_at_the_origins_list(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(FLASK_WITH_CORS.replace("    response.headers.add", "    pass  #"))
    (tmp_path / "angular.json").write_text('{"projects": {"web": {"architect": {"serve": {}}}}}')
    report = check_workspace(str(tmp_path), live=False)
    (finding,) = [f for f in report.findings if f.code == CORS_ORIGIN_NOT_ALLOWED]
    assert "http://localhost:4200" in finding.message
    assert finding.location.range.start.line == 4  # the `origins=[...]` value
    assert any(related.location.file.endswith("angular.json") for related in finding.related)
    assert 'add "http://localhost:4200" to origins=' in finding.message


def test_duplicate_fix_removes_the_manual_line(tmp_path: Path) -> None:
    source = FLASK_WITH_CORS.replace('CORS(app, origins=["http://example.com"])\n', "")
    source = source.replace("@app.route", "CORS(app)\n\n\n@app.route")
    (tmp_path / "app.py").write_text(source)
    (tmp_path / "angular.json").write_text('{"projects": {"web": {"architect": {"serve": {}}}}}')
    report = check_workspace(str(tmp_path), live=False)
    (finding,) = [f for f in report.findings if f.code == CORS_DUPLICATE_ALLOW_ORIGIN]
    (fix,) = finding.fixes
    (edit,) = fix.edits
    lines = source.splitlines(keepends=True)
    assert fix.title == "Remove this Access-Control-Allow-Origin line"
    assert lines[edit.range.start.line].strip().startswith('response.headers.add("Access-Control-Allow-Origin"')
    assert (edit.range.end.line - edit.range.start.line, edit.new_text) == (1, "")
    assert "Way out: delete this line, CORS() already sets it." in finding.message


FIREBASE = """{
  "hosting": {
    "headers": [{"source": "/api/**", "headers": [{"key": "Access-Control-Allow-Origin", "value": "*"}]}],
    "rewrites": [{"source": "/api/**", "function": "api"}, {"source": "/plain/**", "function": "plain"}]
  }
}
"""
FUNCTIONS = """const functions = require("firebase-functions");
const express = require("express");
const cors = require("cors");
const app = express();
app.use(cors({ origin: true }));
exports.api = functions.https.onRequest(app);
exports.plain = functions.https.onRequest((req, res) => res.send("ok"));
"""


def test_firebase_hosting_header_on_a_function_with_cors_middleware(tmp_path: Path) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "index.js").write_text(FUNCTIONS)
    facts = parse_firebase_file(str(tmp_path / "firebase.json"), FIREBASE).facts
    rewrites = {f.function: f for f in facts if isinstance(f, HostingFunctionRewrite)}
    assert rewrites["api"].entry_files[0] == str(tmp_path / "functions" / "index.js")
    (exports,) = parse_functions_source(rewrites["api"].entry_files[0], FUNCTIONS).facts
    assert isinstance(exports, FunctionExports)
    assert function_middleware(rewrites["api"], [exports]) == exports.middleware("api")
    api = exports.middleware("api")
    assert api is not None and api.range.start.line == 4
    assert "plain" in dict(exports.cors) and exports.middleware("plain") is None
    assert [f.value for f in facts if isinstance(f, HostingHeaderRule)] == ["*"]
    (tmp_path / "firebase.json").write_text(FIREBASE)
    report = check_workspace(str(tmp_path), live=False)
    (finding,) = [f for f in report.findings if f.code == CORS_HEADER_ADDED_BY_PROXY]
    assert "api" in finding.message and finding.location.range.start.line == 2


def test_onrequest_cors_option_counts_as_middleware(tmp_path: Path) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "index.js").write_text(
        'import { onRequest } from "firebase-functions/v2/https";\n'
        "export const api = onRequest({ cors: true }, (req, res) => res.send('x'));\n"
    )
    (tmp_path / "firebase.json").write_text(FIREBASE)
    report = check_workspace(str(tmp_path), live=False)
    assert [f for f in report.findings if f.code == CORS_HEADER_ADDED_BY_PROXY]


def test_non_literal_origins_say_nothing(tmp_path: Path) -> None:
    source = FLASK_WITH_CORS.replace('origins=["http://example.com"]', "origins=ALLOWED")
    (tmp_path / "app.py").write_text(source.replace("    response.headers.add", "    pass  #"))
    (tmp_path / "angular.json").write_text('{"projects": {"web": {"architect": {"serve": {}}}}}')
    report = check_workspace(str(tmp_path), live=False)
    assert not [f for f in report.findings if f.code.startswith("cors-")]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("@app.route()CORS(=\"'*,[]{}:\n  headers.add flask_cors Access-Control"))))
def test_garbage_never_raises(garbage: str) -> None:
    parse_flask_cors("/x/app.py", "from flask import Flask\n" + garbage)
    parse_nginx("/x/nginx.conf", garbage)
    parse_firebase_file("/x/firebase.json", garbage)
    parse_functions_source("/x/functions/index.js", garbage)
