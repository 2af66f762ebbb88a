"""nginx configs: data-driven cases under tests/fixtures/configs/nginx/<case>/ (nginx.conf + expected.json).
PORTLINT_UPDATE_EXPECTED=1 rewrites the expected files; review the diff by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.tools.nginx.facts import NginxProxy
from portlint.tools.nginx.nginx_conf import parse_nginx
from tests.unit.configs.expected import cases, check_expected, plain_result

CASES = cases("nginx")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path) -> None:
    source = case / "nginx.conf"
    text = source.read_bytes().decode("utf-8", errors="replace")
    check_expected(case, plain_result(parse_nginx(str(source), text), case, text))


def test_thousands_of_nested_blocks_are_read_not_a_recursion_error() -> None:
    depth = 3_000
    text = "http {\n" + "location / {\n" * depth + "proxy_pass http://127.0.0.1:5000;\n" + "}\n" * depth + "}\n"
    result = parse_nginx("/w/nginx.conf", text)
    assert not result.problems
    (proxy,) = result.facts
    assert isinstance(proxy, NginxProxy) and proxy.port == 5000
