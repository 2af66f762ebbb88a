"""Dev containers: forwarded ports are VS Code's on the local loopback (it moves them when taken), published
app ports are Docker's on every address (it fails)."""

from __future__ import annotations

from pathlib import Path

from portlint.check import check_workspace
from portlint.core.model import Taken


def test_forwarded_and_published_ports(tmp_path: Path) -> None:
    (tmp_path / ".devcontainer").mkdir()
    (tmp_path / ".devcontainer" / "devcontainer.json").write_text(
        '{"name": "api", "forwardPorts": [8000, "db:5432"], "appPort": "8080:80"}'
    )
    report = check_workspace(str(tmp_path), live=False, environ={})
    found = sorted((c.host, c.port, c.when_taken.action, "docker-proxy" in c.ours_when_held_by) for c in report.claims)
    assert found == [
        ("0.0.0.0", 8080, Taken.FAILS, True),
        ("127.0.0.1", 5432, Taken.RANDOM, False),
        ("127.0.0.1", 8000, Taken.RANDOM, False),
    ]


def test_a_devcontainer_json_at_the_root(tmp_path: Path) -> None:
    (tmp_path / ".devcontainer.json").write_text('{"forwardPorts": [3000]}')
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert [(c.tool, c.port) for c in report.claims] == [("devcontainer", 3000)]
