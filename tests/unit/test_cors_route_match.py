"""Whether a request path reaches a route, whatever backend wrote the rule (core/cors/route_match.py); a part
of the path only run time knows (marked) fills a parameter, never literal text."""

from __future__ import annotations

import pytest

from portlint.core.cors.route_match import RUN_TIME_MARK, reaches, request_path

M = RUN_TIME_MARK


@pytest.mark.parametrize(
    ("rule", "path", "reached"),
    [
        ("/api/items", "/api/items", True),
        ("/api/items", "/api/items?page=2", True),
        ("/api/items", "/api/items/", False),  # Flask answers another URL (404 or a redirect)
        ("/api/items/<int:item_id>", f"/api/items/{M}", True),
        ("/api/items/<int:item_id>", "/api/items/12", True),
        ("/api/items/<int:item_id>", "/api/items/abc", False),
        ("/api/items/<name>", "/api/items/abc", True),
        ("/files/<path:rest>", "/files/a/b.txt", True),
        ("/items/{item_id}", f"/items/{M}", True),
        ("/items/{item_id:int}", "/items/x", False),
        ("/static/{rest:path}", "/static/css/site.css", True),
        ("/users/:id", f"/users/{M}", True),
        ("/users/:id", "/users", False),
        ("/users/:id?", "/users", True),
        ("/users/:id(\\d+)", "/users/7", True),
        ("/assets/*", "/assets/a/b", True),
        ("/api/items", f"/api/{M}", False),  # a run-time part never stands for literal text
        ("/api/<kind>/list", f"/api/{M}/list", True),
    ],
)
def test_reaches(rule: str, path: str, reached: bool) -> None:
    assert reaches(rule, path) is reached


def test_the_path_a_route_is_asked_about_has_no_query_and_samples_run_time_parts() -> None:
    assert request_path(f"/api/items/{M}?full=1#top") == "/api/items/1"
    assert request_path("") == "/"
