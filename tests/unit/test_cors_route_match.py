"""Whether a request path reaches a Flask or FastAPI route (core/cors/route_match.py), or a route that gives its
own matcher; a part of the path only run time knows (marked) fills a parameter, never literal text."""

from __future__ import annotations

import pytest

from portlint.core.cors.route_match import RUN_TIME_MARK, RUN_TIME_PROBE, reaches, request_path

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
        ("/items/{item_id:int}", f"/items/{M}", True),
        ("/api/items/<int:item_id>", f"/api/items/v{M}", False),  # the literal `v` is no number
        # As werkzeug and Starlette match (tests/fidelity/test_route_match_fidelity.py):
        ("/api/items", "/API/items", False),  # case-sensitive
        ("/api/items/", "/api/items", False),  # a redirect to /api/items/, which no preflight follows
        ("/api/items/<int:item_id>", "/api/items/1.5", False),
        ("/price/<float:value>", "/price/3", False),  # werkzeug's float has a dot
        ("/price/<float:value>", "/price/3.5", True),
        ("/price/{value:float}", "/price/3", True),  # Starlette's need not
        ("/kind/<any(a, b):kind>", "/kind/c", False),
        ("/kind/<any(a, b):kind>", "/kind/b", True),
        ("/objects/<uuid:key>", "/objects/x", False),
        ("/objects/{key:uuid}", "/objects/x", False),
        ("/static/{rest:path}", "/static/", True),  # Starlette's path may be empty
        ("/files/<path:rest>", "/files/", False),  # werkzeug's may not
        ("/items/<custom:key>", "/items/x", False),  # a converter of the app's own: not read, not reached
        ("/users/:id", "/users/7", False),  # Express's syntax is Express's own matcher's (express_paths.py)
        ("/api/items", f"/api/{M}", False),  # a run-time part never stands for literal text
        ("/api/<kind>/list", f"/api/{M}/list", True),
    ],
)
def test_reaches(rule: str, path: str, reached: bool) -> None:
    assert reaches(rule, path) is reached


def test_a_route_s_own_matcher_gets_the_path_without_query_run_time_parts_probed() -> None:
    seen: list[str] = []
    assert not reaches("/anything", f"/API/{M}/?x=1", lambda path: seen.append(path) is not None)
    assert seen == [f"/API/{RUN_TIME_PROBE}/"]


def test_the_path_a_route_is_asked_about_has_no_query_and_samples_run_time_parts() -> None:
    assert request_path(f"/api/items/{M}?full=1#top") == "/api/items/1"
    assert request_path("") == "/"
