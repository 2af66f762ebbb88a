"""`portlint ports`: a proxy target on another machine is "remote", not "free" (issue 11, item 9)."""

from __future__ import annotations

from pathlib import Path

from portlint.check import build_report
from portlint.core.model import Snapshot
from portlint.output.ports_table import port_rows
from portlint.workspace.files import load_workspace

PROXY = '{"/api": {"target": "https://mempool.space"}, "/local": {"target": "http://localhost:8999"}}'


def test_a_remote_proxy_target_is_remote_and_a_local_one_is_checked(tmp_path: Path) -> None:
    (tmp_path / "proxy.conf.json").write_text(PROXY)
    facts, problems = load_workspace(str(tmp_path))
    report = build_report(str(tmp_path), facts, problems, Snapshot(listeners=()), is_free=lambda _: True)
    holders = {row[2]: row[5] for row in port_rows(report)}
    assert holders == {"443": "remote", "8999": "free"}
