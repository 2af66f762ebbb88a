"""uvicorn and the FastAPI CLI resolved as they read their options (verified against uvicorn 0.54 and
fastapi-cli 0.0.34 in tests/fidelity/test_python_servers_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace
from portlint.core.model import Claim, LocalhostBinds, Taken


def claims(root: Path, environ: dict[str, str] | None = None) -> list[tuple[str, int, bool]]:
    return [(c.host, c.port, c.explicit) for c in uvicorn_claims(root, environ)]


def uvicorn_claims(root: Path, environ: dict[str, str] | None = None) -> list[Claim]:
    report = check_workspace(str(root), live=False, environ=environ or {})
    return [c for c in report.claims if c.tool == "uvicorn"]


def scripts(root: Path, **named: str) -> None:
    (root / "package.json").write_text(json.dumps({"scripts": named}))


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("uvicorn main:app", ("127.0.0.1", 8000, False)),
        ("uvicorn main:app --port 8001 --host 0.0.0.0", ("0.0.0.0", 8001, True)),
        ("uvicorn --workers 4 --port=8002 main:app", ("127.0.0.1", 8002, True)),
        ("UVICORN_PORT=8003 uvicorn main:app", ("127.0.0.1", 8003, True)),
        ("UVICORN_PORT=8003 uvicorn main:app --port 8004", ("127.0.0.1", 8004, True)),
        ("UVICORN_HOST=::1 uvicorn main:app", ("::1", 8000, False)),
        ("PORT=9000 uvicorn main:app", ("127.0.0.1", 8000, False)),  # uvicorn ignores PORT
        ("python -m uvicorn api.main:app --reload --port 8005", ("127.0.0.1", 8005, True)),
        ("poetry run uvicorn app.main:app --port 8006", ("127.0.0.1", 8006, True)),
        ("fastapi dev main.py", ("127.0.0.1", 8000, False)),
        ("fastapi run main.py", ("0.0.0.0", 8000, False)),
        ("PORT=8007 fastapi dev", ("127.0.0.1", 8007, True)),
        ("fastapi run --port 8008 --host 127.0.0.1", ("127.0.0.1", 8008, True)),
    ],
)
def test_command_lines(tmp_path: Path, script: str, expected: tuple[str, int, bool]) -> None:
    scripts(tmp_path, api=script)
    assert claims(tmp_path) == [expected]


@pytest.mark.parametrize(
    "script",
    [
        "uvicorn main:app --port $PORT",
        "UVICORN_PORT=$P uvicorn main:app",
        "uvicorn main:app --uds /tmp/app.sock",
        "uvicorn main:app --port 0",
        "uvicorn main:app --port abc",
        "fastapi deploy",
    ],
)
def test_no_certain_port_is_no_claim(tmp_path: Path, script: str) -> None:
    scripts(tmp_path, api=script)
    assert claims(tmp_path) == []


def test_the_real_environment_is_read_below_the_command_line(tmp_path: Path) -> None:
    scripts(tmp_path, api="uvicorn main:app", web="fastapi dev")
    found = claims(tmp_path, {"UVICORN_PORT": "8101", "PORT": "8102", "UVICORN_HOST": "0.0.0.0"})
    assert sorted(found) == [("0.0.0.0", 8101, True), ("127.0.0.1", 8102, True)]
    assert all(not c.names_port for c in uvicorn_claims(tmp_path, {"UVICORN_PORT": "8101", "PORT": "8102"}))


def test_procfile_and_launch_configuration(tmp_path: Path) -> None:
    (tmp_path / "Procfile").write_text("api: uvicorn main:app --port 8201\n")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "launch.json").write_text(
        json.dumps(
            {
                "configurations": [
                    {
                        "name": "API",
                        "type": "debugpy",
                        "request": "launch",
                        "module": "uvicorn",
                        "args": ["main:app", "--port", "8202"],
                    }
                ]
            }
        )
    )
    assert sorted(claims(tmp_path)) == [("127.0.0.1", 8201, True), ("127.0.0.1", 8202, True)]


def test_uvicorn_run_in_a_script(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(
        "import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\n"
        'if __name__ == "__main__":\n    uvicorn.run(app, port=8301)\n'
    )
    (claim,) = uvicorn_claims(tmp_path)
    assert (claim.host, claim.port, claim.explicit) == ("127.0.0.1", 8301, True)
    assert claim.when_taken.action is Taken.FAILS
    assert claim.localhost_binds is LocalhostBinds.EVERY_RESOLVED
    assert "uvicorn.run(port=8301)" in claim.origin


def test_a_flask_file_that_also_starts_uvicorn_gives_both(tmp_path: Path) -> None:
    """Flask's reader and uvicorn's read the same Python file, each for its own facts."""
    (tmp_path / "app.py").write_text(
        "import uvicorn\nfrom flask import Flask\napp = Flask(__name__)\n"
        'if __name__ == "__main__":\n    app.run(port=5001)\n    uvicorn.run("asgi:app", port=8401)\n'
    )
    report = check_workspace(str(tmp_path), live=False, environ={})
    assert sorted((c.tool, c.port) for c in report.claims if c.explicit) == [("flask", 5001), ("uvicorn", 8401)]


def test_fastapi_under_a_procfile_runner_reads_its_port(tmp_path: Path) -> None:
    """honcho sets PORT = 5000 + 100 per process type; `fastapi dev` reads PORT, uvicorn does not."""
    (tmp_path / "Procfile").write_text("api: uvicorn main:app\nweb: fastapi dev main.py\n")
    found = sorted((c.port, c.names_port) for c in uvicorn_claims(tmp_path))
    assert found == [(5100, False), (8000, True)]


@pytest.mark.parametrize(
    ("script", "binds"),
    [
        ("uvicorn main:app --host localhost", LocalhostBinds.EVERY_RESOLVED),
        ("uvicorn main:app --reload --host localhost", LocalhostBinds.IPV4_LOOPBACK),
        ("uvicorn main:app --workers 4 --host localhost", LocalhostBinds.IPV4_LOOPBACK),
        ("fastapi dev --host localhost", LocalhostBinds.IPV4_LOOPBACK),
        ("fastapi dev --no-reload --host localhost", LocalhostBinds.EVERY_RESOLVED),
    ],
)
def test_localhost_is_one_ipv4_socket_under_the_reloader(tmp_path: Path, script: str, binds: LocalhostBinds) -> None:
    """The reloader's (or the workers') parent binds one socket, IPv4 for a name; without it asyncio binds
    every address (tests/fidelity/test_python_servers_taken.py checks both with the real uvicorn)."""
    scripts(tmp_path, api=script)
    (claim,) = uvicorn_claims(tmp_path)
    assert claim.localhost_binds is binds
