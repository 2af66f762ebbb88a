"""Proxy configs (JSON and JS) beyond their data-driven cases (tests/tools/angular/cases/proxy/, run by
tests/test_parser_cases.py).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.check import check_workspace
from portlint.core import codes
from portlint.core.model import Severity
from portlint.tools.angular.facts import ProxyTarget
from portlint.tools.angular.proxy_config import parse_proxy
from tests.cases import case_root, covered
from tests.records import as_dict

# ---- beyond the cases: the JS reader on its own ----------------------------------------------------


def targets(path: str, text: str) -> list[ProxyTarget]:
    return [fact for fact in parse_proxy(path, text).facts if isinstance(fact, ProxyTarget)]


JS_CASES = sorted(path.read_text(encoding="utf-8") for path in case_root("proxy").glob("js-*/proxy.conf.*"))


def test_js_strings_decode_escapes_and_keep_raw_locations() -> None:
    text = (
        "module.exports = { '/\\u00e9': { target: \"http://localhost:\\u0035000\" },"
        " '/b': { target: 'http://localhost:5001' } };"
    )
    assert parse_proxy("/w/proxy.conf.js", text).problems == []
    first, second = targets("/w/proxy.conf.js", text)
    assert (first.context, first.port, first.url.text) == ("/é", 5000, "http://localhost:5000")
    assert first.port_location == first.url.location  # escapes inside: the whole URL, not a guess
    assert covered(text, as_dict(second.port_location)["range"]) == "5001"


def test_js_identifiers_followed_a_few_levels_and_cycles_end() -> None:
    text = "const A = { '/a': { target: 'http://localhost:1' } };\nconst B = A;\nmodule.exports = B;\n"
    assert [f.port for f in targets("/w/proxy.conf.js", text)] == [1]  # B names A
    assert [f.port for f in targets("/w/proxy.conf.js", text.replace("= B;", "= A;"))] == [1]
    cycle = "const A = B;\nconst B = A;\nmodule.exports = A;\n"
    assert targets("/w/proxy.conf.js", cycle) == []


def test_the_last_export_wins() -> None:
    text = "module.exports = { '/a': { target: 'http://x:1' } };\nmodule.exports = { '/b': { target: 'http://x:2' } };"
    assert [(f.context, f.port) for f in targets("/w/proxy.conf.js", text)] == [("/b", 2)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(JS_CASES), st.data())
def test_mutated_js_configs_never_raise(config: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(config)))
    end = data.draw(st.integers(start, min(len(config), start + 8)))
    insert = data.draw(st.text(alphabet=st.sampled_from("{}[](),:'\"`$\\/*\n 0a😀é\x00"), max_size=4))
    text = config[:start] + insert + config[end:]
    for fact in targets("/w/proxy.conf.js", text):
        assert 0 <= fact.port <= 65535
        assert fact.port_location.range.end.line <= text.count("\n")
    assert all(problem.reason for problem in parse_proxy("/w/proxy.conf.js", text).problems)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    for name in ("/w/proxy.conf.json", "/w/proxy.conf.mjs"):
        assert all(0 <= fact.port <= 65535 for fact in targets(name, text))
        assert all(problem.reason for problem in parse_proxy(name, text).problems)


def test_a_stray_top_level_key_is_a_warning_about_that_key_not_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "proxy.conf.json").write_text('{"/api": {"target": "http://localhost:3000"}, "changeOrigin": true}')
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert [(f.code, f.severity) for f in report.findings] == [(codes.PROXY_CONFIG_STRAY_KEY, Severity.WARNING)]
    (finding,) = report.findings
    assert "`changeOrigin`" in finding.message and len(finding.message) <= 200
    assert [c.port for c in report.claims] == [3000]  # the entry beside it is read
