"""What the real Python servers do with `localhost` and with a port already taken, against the quirks
portlint's claims carry (`Claim.localhost_binds`, `Claim.when_taken`): the generic checks rely on them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from portlint.core.model import Claim, LocalhostBinds, Taken

from .bound import listening
from .running import started
from .test_python_servers_fidelity import ASGI_APP, BIN, DJANGO_PROJECT, READY, WSGI_APP, _argv, _environment
from .workspace import free_ports, listen_claims, loopback_usable, write_tree

pytestmark = pytest.mark.fidelity

TIMEOUT = 60.0
# (id, files, the command with <P1>, the tool): each written once in a Makefile, run as written.
CASES = [
    ("uvicorn", {"main.py": ASGI_APP}, "uvicorn main:app --host {host} --port <P1>", "uvicorn"),
    ("uvicorn-reload", {"main.py": ASGI_APP}, "uvicorn main:app --reload --host {host} --port <P1>", "uvicorn"),
    (
        "uvicorn-run-reload",
        {
            "main.py": ASGI_APP + '\nif __name__ == "__main__":\n    import uvicorn\n\n'
            '    uvicorn.run("main:app", host="{host}", port=<P1>, reload=True)\n'
        },
        "python main.py",
        "uvicorn",
    ),
    ("gunicorn", {"app.py": WSGI_APP}, "gunicorn -b {host}:<P1> app:app", "gunicorn"),
    ("django", DJANGO_PROJECT, "python manage.py runserver {host}:<P1> --noreload", "django"),
    ("waitress", {"app.py": WSGI_APP}, "waitress-serve --listen={host}:<P1> app:app", "waitress"),
    ("uwsgi", {"app.py": WSGI_APP}, "uwsgi --http-socket {host}:<P1> --wsgi-file app.py", "uwsgi"),
]


def _workspace(tmp_path: Path, files: dict[str, str], command: str, host: str) -> tuple[Path, list[str], int]:
    port = free_ports(1)[0]
    line = command.format(host=host).replace("<P1>", str(port))
    root = tmp_path / "workspace"
    filled = {name: text.replace("{host}", host).replace("<P1>", str(port)) for name, text in files.items()}
    write_tree(root, filled | {"Makefile": f"run:\n\t{line}\n"})
    return root, line.split(), port


def _claim(root: Path, tool: str) -> Claim:
    (claim,) = [c for c in listen_claims(root, _environment({})) if c.tool == tool]
    return claim


# A private mount namespace where /etc/hosts names localhost twice (127.0.0.1 and ::1), as on most desktops:
# only the process started under it sees that file; the machine's stays as it is.
_PRIVATE_HOSTS = 'mount --bind "$0" /etc/hosts && exec "$@"'


def _dual_localhost(tmp_path: Path) -> list[str]:
    """The prefix that runs a command with localhost on both loopbacks, or a skip when that cannot be done."""
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n::1 localhost\n")
    prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c", _PRIVATE_HOSTS, str(hosts)]
    if shutil.which("unshare") is None:
        pytest.skip("no unshare (util-linux): cannot give localhost both loopback addresses")
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True, timeout=30, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode(errors='replace').strip()}")
    return prefix


def _localhost_addresses(prefix: list[str], port: int) -> list[str]:
    code = f"import socket; print(*[i[4][0] for i in socket.getaddrinfo('localhost', {port}, type=socket.SOCK_STREAM)])"
    result = subprocess.run(
        [*prefix, sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    return result.stdout.split()


@pytest.mark.parametrize(("name", "files", "command", "tool"), CASES, ids=[case[0] for case in CASES])
def test_localhost_binds_what_the_claim_says(
    tmp_path: Path, name: str, files: dict[str, str], command: str, tool: str
) -> None:
    if not loopback_usable("::1"):
        pytest.skip("no IPv6 loopback: localhost has one address here, nothing to tell apart")  # pragma: no cover
    prefix = _dual_localhost(tmp_path)
    root, argv, port = _workspace(tmp_path, files, command, "localhost")
    claim = _claim(root, tool)
    resolved = _localhost_addresses(prefix, port)
    assert set(resolved) == {"127.0.0.1", "::1"}, resolved
    expected = {
        LocalhostBinds.IPV4_LOOPBACK: {"127.0.0.1"},
        LocalhostBinds.FIRST_RESOLVED: {resolved[0]},
        LocalhostBinds.EVERY_RESOLVED: set(resolved),
    }[claim.localhost_binds]
    with started(_argv(tuple(argv), [port]), root, _environment({}) | {"HOME": str(tmp_path)}, prefix) as server:
        server.wait_for(READY, TIMEOUT)
        if "reload" in name:  # the reloader's parent binds; its child listens once the app has started
            server.wait_for("Application startup complete", TIMEOUT)
        bound = {b.address for b in listening(server.pid) if b.port == port}
    assert bound == expected, f"{name}: claim says {claim.localhost_binds}; the kernel: {bound}\n{server.text}"


@pytest.mark.parametrize(("name", "files", "command", "tool"), CASES, ids=[case[0] for case in CASES])
def test_a_taken_port_does_what_the_claim_says(
    tmp_path: Path, name: str, files: dict[str, str], command: str, tool: str
) -> None:
    root, argv, port = _workspace(tmp_path, files, command, "127.0.0.1")
    claim = _claim(root, tool)
    assert claim.when_taken.action is Taken.FAILS
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        with started(_argv(tuple(argv), [port]), root, _environment({}) | {"HOME": str(tmp_path)}) as server:
            status = server.wait_for_exit(TIMEOUT)
    assert status != 0, f"{name} started although {port} was taken:\n{server.text}"
    assert "in use" in server.text.lower() or "already" in server.text.lower(), server.text


def test_the_servers_are_installed() -> None:
    missing = [program for program in ("uvicorn", "gunicorn", "waitress-serve") if not (BIN / program).exists()]
    if missing:
        pytest.skip(f"not installed in {BIN}: {missing} (the test extras pin them)")
