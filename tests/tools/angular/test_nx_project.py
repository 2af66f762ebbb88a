"""Nx project.json (issue 11, item 9): Angular dev-server executors are read, with the proxy config named
relative to the Nx workspace root."""

from __future__ import annotations

from pathlib import Path

from portlint.check import check_workspace
from portlint.core.model import Role

PROJECT = """{
  "name": "shop",
  "targets": {
    "serve": {
      "executor": "@nx/angular:dev-server",
      "options": { "port": 4300, "proxyConfig": "apps/shop/proxy.conf.json" }
    },
    "api": { "executor": "@nx/js:node", "options": { "port": 3333 } }
  }
}
"""


def test_an_nx_angular_app_and_its_proxy_relative_to_the_workspace_root(tmp_path: Path) -> None:
    (tmp_path / "nx.json").write_text("{}")
    app = tmp_path / "apps" / "shop"
    app.mkdir(parents=True)
    (app / "project.json").write_text(PROJECT)
    (app / "proxy.conf.json").write_text('{"/api": {"target": "http://localhost:5000"}}')
    report = check_workspace(str(tmp_path), live=False, environ={})
    claims = {(c.service, c.role, c.port) for c in report.claims}
    assert claims == {("angular shop dev server", Role.LISTEN, 4300), ("angular shop proxy /api", Role.CONNECT, 5000)}
    assert all(c.project == str(app) for c in report.claims)
    assert report.findings == []


def test_a_proxy_config_not_found_where_the_root_is_guessed_is_not_reported(tmp_path: Path) -> None:
    app = tmp_path / "apps" / "shop"
    app.mkdir(parents=True)
    (app / "project.json").write_text(PROJECT.replace("apps/shop/proxy.conf.json", "proxy.conf.json"))
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert report.findings == [] and [c.port for c in report.claims] == [4300]
