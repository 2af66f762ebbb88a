"""Next.js port rules (Next 16.4.6 `cli/next-dev.js`: `allowRetry = portSource === 'default'`;
`server/lib/start-server.js`: up to 10 retries, dev only). Ports checked by tests/fidelity/test_next_fidelity.py."""

from __future__ import annotations

import json
from pathlib import Path

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import Claim, Part, Range, Role, Taken
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace
from tests.fidelity.workspace import write_tree
from tests.unit.core.builders import AIRPLAY, listener, process, snapshot


def claims_of(root: Path, scripts: dict[str, str], environ: dict[str, str] | None = None) -> list[Claim]:
    write_tree(root, {"package.json": json.dumps({"scripts": scripts})})
    facts, problems = load_workspace(str(root))
    assert not problems, problems
    return resolve(facts, str(root), environ or {})


def test_the_dev_default_moves_and_pins_with_a_port_option(tmp_path: Path) -> None:
    (claim,) = claims_of(tmp_path, {"dev": "next dev --turbopack"})
    assert (claim.host, claim.port, claim.when_taken.action) == ("::", 3000, Taken.MOVES_UP)
    assert claim.pin is not None and claim.pin.title == 'Pass -p 3000 in package.json script "dev"'
    assert claim.insertion is not None and claim.insertion.text(3005) == " -p 3005"


def test_start_and_explicit_ports_stop_when_taken(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, {"start": "next start", "dev": "next dev -p 4000", "build": "next build"})
    assert [(c.service, c.port, c.when_taken.action) for c in claims] == [
        ("next start server", 3000, Taken.FAILS),
        ("next dev server", 4000, Taken.FAILS),
    ]


def test_port_from_the_real_environment_is_not_in_a_file(tmp_path: Path) -> None:
    (claim,) = claims_of(tmp_path, {"dev": "next dev"}, {"PORT": "3100"})
    assert (claim.port, claim.names_port, claim.movable) == (3100, False, False)


def test_an_nx_next_server_target_always_passes_a_port(tmp_path: Path) -> None:
    """@nx/next:server forks `next dev --port <port>` with its schema's default 4200: never moves."""
    project = {
        "name": "store",
        "targets": {
            "serve": {"executor": "@nx/next:server", "options": {"buildTarget": "store:build", "dev": True}},
            "serve-prod": {
                "executor": "@nx/next:server",
                "options": {"dev": False, "port": 3100, "hostname": "0.0.0.0"},
            },
        },
    }
    write_tree(tmp_path, {"apps/store/project.json": json.dumps(project)})
    facts, problems = load_workspace(str(tmp_path))
    assert not problems, problems
    claims = resolve(facts, str(tmp_path), {"PORT": "5000"})  # --port wins over PORT
    assert [(c.service, c.host, c.port, c.names_port, c.when_taken.action) for c in claims] == [
        ("next dev server (apps/store)", "::", 4200, False, Taken.FAILS),
        ("next start server (apps/store)", "0.0.0.0", 3100, True, Taken.FAILS),
    ]
    assert claims[0].origin.startswith('Nx target "store"\'s default port, passed as --port')


REWRITES = """module.exports = {
  async rewrites() {
    return [{ source: '/api/:path*', destination: 'http://localhost:5000/api/:path*' }]
  },
}
"""


def test_a_rewrite_to_localhost_reaching_a_foreign_ipv6_listener(tmp_path: Path) -> None:
    """Next proxies an external rewrite with Node's http: Node ≥ 17 connects to `localhost`'s first address,
    so AirPlay on ::1 answers instead of Flask on 127.0.0.1."""
    write_tree(tmp_path, {"web/next.config.js": REWRITES, "backend/.flaskenv": "FLASK_RUN_PORT=5000\n"})
    facts, problems = load_workspace(str(tmp_path))
    assert not problems, problems
    claims = resolve(facts, str(tmp_path), {})
    (rewrite,) = [c for c in claims if c.role is Role.CONNECT]
    assert (rewrite.service, rewrite.port, rewrite.part) == (
        "next rewrite /api/:path* (web/next.config.js)",
        5000,
        Part.PROXY,
    )
    assert rewrite.location.range == Range.of(2, 68, 2, 72)  # the port digits in the destination
    flask = process(900, "python3", cwd=str(tmp_path / "backend"), cmdline=("python3", "-m", "flask", "run"))
    live = snapshot(listener("::1", 5000, AIRPLAY), listener("127.0.0.1", 5000, flask))
    findings = analyze(claims, [], live, str(tmp_path))
    (elsewhere,) = [f for f in findings if f.code == codes.LOCALHOST_RESOLVES_ELSEWHERE]
    assert elsewhere.location.file == str(tmp_path / "web" / "next.config.js")


def test_a_rewrite_to_a_port_no_backend_listens_on_is_a_proxy_target_mismatch(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"web/next.config.js": REWRITES.replace("5000", "5001"), "api/.flaskenv": "FLASK_RUN_PORT=5000\n"}
    )
    facts, _ = load_workspace(str(tmp_path))
    findings = analyze(resolve(facts, str(tmp_path), {}), [], None, str(tmp_path))
    (mismatch,) = [f for f in findings if f.code == codes.PROXY_TARGET_MISMATCH]
    assert mismatch.port == 5001 and "listens on 5000" in mismatch.message


def test_next_dev_and_next_start_of_one_app_are_alternatives_not_a_clash(tmp_path: Path) -> None:
    """create-next-app's package.json has `dev: next dev` and `start: next start`, both on 3000: one app in two
    modes, never run at once."""
    from portlint.check import check_workspace

    (tmp_path / "package.json").write_text(
        '{"scripts": {"dev": "next dev", "start": "next start", "build": "next build"}}\n'
    )
    report = check_workspace(str(tmp_path), live=False)
    assert sorted(c.port for c in report.claims) == [3000, 3000]
    assert [f.code for f in report.findings] == []
