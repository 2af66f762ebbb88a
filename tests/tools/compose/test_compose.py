"""Compose ports resolved as docker compose publishes them, and Docker's holders of them counted as ours.

Docker cannot run here: the rules are compose's documented ones (the compose specification's `ports`
short and long syntax and its interpolation section), and the holders are real `docker-proxy` command lines
as dockerd starts them (one per published port and address family)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portlint.check import build_report, check_workspace
from portlint.core import codes
from portlint.core.model import Claim, Listener, Process, Snapshot, Socket
from portlint.workspace.files import load_workspace

COMPOSE = """services:
  web:
    build: ./frontend
    container_name: shop-web
    ports:
      - "3000:3000"
  api:
    build: ./api
    ports:
      - "${API_PORT:-5001}:5000"
"""


def compose_claims(root: Path) -> list[Claim]:
    return [c for c in check_workspace(str(root), live=False, environ={}).claims if c.tool == "compose"]


def published(root: Path, text: str, name: str = "compose.yaml") -> list[tuple[str, int]]:
    (root / name).write_text(text)
    return [(c.host, c.port) for c in compose_claims(root)]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('"8080:80"', [("0.0.0.0", 8080)]),
        ("8080:80", [("0.0.0.0", 8080)]),  # YAML 1.1 would read a sexagesimal number; compose reads the text
        ('"127.0.0.1:8080:80"', [("127.0.0.1", 8080)]),
        ('"[::1]:8080:80/tcp"', [("::1", 8080)]),
        ('"8080-8082:80-82"', [("0.0.0.0", 8080), ("0.0.0.0", 8081), ("0.0.0.0", 8082)]),
        ('"8080-8082:80"', []),  # Docker picks one of the range
        ('"80"', []),  # the container port alone: a random host port
        ('"127.0.0.1::80"', []),
        ('"53:53/udp"', []),
        ('"${WEB_PORT:-8085}:80"', [("0.0.0.0", 8085)]),
        ('"${WEB_PORT-8086}:80"', [("0.0.0.0", 8086)]),
        ('"${WEB_PORT:?set WEB_PORT}:80"', []),  # compose refuses to start
        ('"$$HOME:80"', []),
        ("{target: 80, published: 8090, host_ip: 127.0.0.1}", [("127.0.0.1", 8090)]),
        ('{target: 80, published: "8091-8092"}', []),  # one container port: Docker picks one of the range
        ('{target: "80-81", published: "8091-8092"}', [("0.0.0.0", 8091), ("0.0.0.0", 8092)]),
        ("{target: 80, published: 8093, protocol: udp}", []),
        ("{target: 80}", []),
    ],
)
def test_port_entries(tmp_path: Path, entry: str, expected: list[tuple[str, int]]) -> None:
    assert published(tmp_path, f"services:\n  web:\n    image: nginx\n    ports:\n      - {entry}\n") == expected


def test_the_project_env_file_sets_variables_and_is_where_the_port_is(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("API_PORT=5101\n")
    assert sorted(published(tmp_path, COMPOSE)) == [("0.0.0.0", 3000), ("0.0.0.0", 5101)]
    (api,) = [c for c in compose_claims(tmp_path) if c.port == 5101]
    assert api.location.file == str(tmp_path / ".env") and api.names_port


def test_a_default_is_located_inside_the_compose_file(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (api,) = [c for c in compose_claims(tmp_path) if c.port == 5001]
    line = COMPOSE.splitlines()[api.location.range.start.line]
    assert line[api.location.range.start.character : api.location.range.end.character] == "5001"
    (web,) = [c for c in compose_claims(tmp_path) if c.port == 3000]
    assert web.service == "compose service web in . (container shop-web)"


def test_overrides_and_variants_are_read(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: postgres\n")
    (tmp_path / "docker-compose.override.yml").write_text("services:\n  db:\n    ports: ['5432:5432']\n")
    (tmp_path / "docker-compose.dev.yaml").write_text("services:\n  db:\n    ports: ['5433:5432']\n")
    assert sorted(c.port for c in compose_claims(tmp_path)) == [5432, 5433]


def test_host_network_publishes_nothing(tmp_path: Path) -> None:
    assert published(tmp_path, "services:\n  web:\n    network_mode: host\n    ports: ['80:80']\n") == []


def test_broken_yaml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text('services:\n  web:\n    ports:\n      - "3000:3000\n')
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert [f.code for f in report.findings] == [codes.CONFIG_UNREADABLE]
    assert "not valid YAML" in report.findings[0].message


# Recorded from a Linux host running compose's web service above (dockerd 27, userland proxy on):
DOCKER_PROXY = ("/usr/bin/docker-proxy", "-proto", "tcp", "-host-ip", "0.0.0.0", "-host-port", "3000",
                "-container-ip", "172.18.0.2", "-container-port", "3000")  # fmt: skip


def _held(tmp_path: Path, holder: Process) -> list[str]:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    facts, problems = load_workspace(str(tmp_path))
    snapshot = Snapshot((Listener(Socket("0.0.0.0", 3000, 4), holder),))
    report = build_report(str(tmp_path), facts, problems, snapshot, environ={}, is_free=lambda port: True)
    return [f.message for f in report.findings if f.code == codes.PORT_HELD_BY_FOREIGN_PROCESS]


@pytest.mark.parametrize("name", ["docker-proxy", "dockerd", "com.docker.backend"])
def test_docker_holding_a_published_port_is_ours(tmp_path: Path, name: str) -> None:
    cmdline = DOCKER_PROXY if name == "docker-proxy" else (name,)
    assert _held(tmp_path, Process(4242, name, cmdline=cmdline, user="root")) == []


def test_another_holder_is_foreign_and_the_service_is_named(tmp_path: Path) -> None:
    (message,) = _held(tmp_path, Process(4343, "node", cmdline=("node", "/srv/other/server.js"), user="dev"))
    assert "node" in message and "web" in message


def test_merges_of_aliases_do_not_multiply_work(tmp_path: Path) -> None:
    """Ten aliases per level, seven levels deep, would be 10^7 merges if each were followed."""
    lines = ["x-0: &l0 {ports: ['8080:80']}"]
    for level in range(1, 8):
        aliases = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"x-{level}: &l{level} {{<<: [{aliases}]}}")
    lines.append("services:\n  web:\n    <<: *l7")
    assert published(tmp_path, "\n".join(lines) + "\n") == [("0.0.0.0", 8080)]


def test_the_shell_overrides_the_project_env_file(tmp_path: Path) -> None:
    """docker compose: a variable set in the shell wins over the project's .env."""
    (tmp_path / ".env").write_text("API_PORT=5101\n")
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    report = check_workspace(str(tmp_path), live=False, environ={"API_PORT": "5201"})
    (api,) = [c for c in report.claims if c.tool == "compose" and "api" in c.service]
    assert (api.port, api.names_port) == (5201, False)


PROFILES = """services:
  api:
    image: api
    ports: ["5001:5000"]
  pgadmin:
    image: dpage/pgadmin4
    profiles: [debug, tools]
    ports: ["5050:80"]
  mailhog:
    image: mailhog/mailhog
    profiles: [debug]
    ports: ["8025:8025"]
"""


def test_a_service_with_profiles_is_claimed_only_when_one_is_active(tmp_path: Path) -> None:
    """Compose starts a service that has `profiles` only under `--profile` / COMPOSE_PROFILES (the shell's,
    else the project `.env`'s); `*` activates them all."""
    assert published(tmp_path, PROFILES) == [("0.0.0.0", 5001)]
    (tmp_path / ".env").write_text("COMPOSE_PROFILES=tools\n")
    assert [port for _, port in published(tmp_path, PROFILES)] == [5001, 5050]
    shell = {"COMPOSE_PROFILES": "debug,tools"}  # the shell wins over .env
    claims = check_workspace(str(tmp_path), live=False, environ=shell).claims
    assert sorted(c.port for c in claims if c.tool == "compose") == [5001, 5050, 8025]
    (tmp_path / ".env").write_text("COMPOSE_PROFILES=*\n")
    assert [port for _, port in published(tmp_path, PROFILES)] == [5001, 5050, 8025]


def test_extends_appends_the_base_services_ports_where_the_base_writes_them(tmp_path: Path) -> None:
    (tmp_path / "common-services.yml").write_text(
        "services:\n  webapp:\n    image: web\n    ports:\n      - '8000:8000'\n    profiles: [web]\n"
    )
    compose = (
        "services:\n  api:\n    extends:\n      file: common-services.yml\n      service: webapp\n"
        "    ports:\n      - '5001:5000'\n  worker:\n    extends: api\n    ports:\n      - '8000:8000'\n"
    )
    (tmp_path / ".env").write_text("COMPOSE_PROFILES=web\n")  # profiles are merged in too
    (tmp_path / "compose.yaml").write_text(compose)
    claims = {(c.service, c.port): c for c in compose_claims(tmp_path)}
    assert sorted(claims) == [
        ("compose service api in .", 5001),
        ("compose service api in .", 8000),
        ("compose service worker in .", 5001),
        ("compose service worker in .", 8000),
    ]  # common-services.yml is no project: its webapp is not started by itself
    inherited = claims[("compose service api in .", 8000)].location
    assert (inherited.file, inherited.range.start.line) == (str(tmp_path / "common-services.yml"), 4)
    assert claims[("compose service worker in .", 8000)].location.file == str(tmp_path / "compose.yaml")  # once
    (tmp_path / ".env").write_text("")
    assert compose_claims(tmp_path) == []  # the base's profile is not active: neither starts


def test_an_included_file_is_part_of_the_project_wherever_it_is(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    db = "services:\n  db:\n    image: postgres\n    ports: ['${DB_PORT:-5432}:5432']\n"
    (tmp_path / "infra" / "db.yml").write_text(db)
    (tmp_path / "infra" / ".env").write_text("DB_PORT=5433\n")  # the included project's own folder
    published(tmp_path, "include:\n  - infra/db.yml\nservices:\n  api:\n    image: api\n    ports: ['5001:5000']\n")
    claims = {c.port: c for c in compose_claims(tmp_path)}
    assert sorted(claims) == [5001, 5433]
    assert claims[5433].location.file == str(tmp_path / "infra" / ".env")
    assert claims[5433].service == "compose service db in infra"
