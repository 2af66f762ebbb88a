"""Writing a test workspace, asking portlint for its claims, and free loopback ports."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path

from portlint.core.model import Claim, Role
from portlint.tools.resolve import resolve
from portlint.workspace.files import load_workspace


def write_tree(root: Path, files: Mapping[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def listen_claims(root: Path, environ: Mapping[str, str]) -> list[Claim]:
    """portlint's listen claims for the workspace at `root`; the workspace must read without problems."""
    facts, problems = load_workspace(str(root))
    assert not problems, f"portlint could not read the test workspace: {problems}"
    return [c for c in resolve(facts, str(root), environ) if c.role is Role.LISTEN]


def the_claim(claims: list[Claim], *, origin: str, service: str | None = None) -> Claim:
    """The one claim whose origin contains `origin` (and of `service`, if given)."""
    found = [c for c in claims if origin in c.origin and (service is None or c.service == service)]
    listing = "\n".join(f"  {c.service}: {c.host}:{c.port} ({c.origin})" for c in claims)
    assert len(found) == 1, f"expected one claim with origin {origin!r}, found {len(found)} among:\n{listing}"
    return found[0]


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct ports nobody listens on at `host` right now (the kernel's picks)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probes = [socket.socket(family, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:  # all open at once, so the kernel hands out distinct ports
            probe.bind((host, 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def loopback_usable(host: str) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((host, 0))
    except OSError:
        return False
    return True


def stray_dotenv(start: Path) -> Path | None:
    """A `.env`/`.flaskenv` above `start`: python-dotenv's upward search would find it, portlint (which reads
    only the workspace) would not, and the comparison would be meaningless."""
    for folder in start.resolve().parents:
        for name in (".env", ".flaskenv"):
            if (folder / name).is_file():
                return folder / name
    return None


def without_flask_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment minus anything that steers Flask or Werkzeug, so only a case's own settings count."""
    return {k: v for k, v in environ.items() if not k.startswith(("FLASK_", "WERKZEUG_"))} | {
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": os.environ.get("PATH", os.defpath),
    }
