"""nginx configs beyond their data-driven cases (tests/tools/nginx/cases/nginx/, run by
tests/test_parser_cases.py)."""

from __future__ import annotations

from portlint.tools.nginx.facts import NginxProxy
from portlint.tools.nginx.nginx_conf import parse_nginx


def test_thousands_of_nested_blocks_are_read_not_a_recursion_error() -> None:
    depth = 3_000
    text = "http {\n" + "location / {\n" * depth + "proxy_pass http://127.0.0.1:5000;\n" + "}\n" * depth + "}\n"
    result = parse_nginx("/w/nginx.conf", text)
    assert not result.problems
    (proxy,) = result.facts
    assert isinstance(proxy, NginxProxy) and proxy.port == 5000
