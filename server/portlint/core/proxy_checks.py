"""`proxy-target-mismatch`: a dev-server proxy that targets a port where no server of the workspace listens,
while a backend listens elsewhere."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from . import codes
from .addresses import is_local_target
from .holders import clip
from .model import Claim, Finding, Fix, Part, Related, Role, Severity, TextEdit

# Words that name a kind of server in a proxy's path or target (`/express`, `/flask`, `http://node-api:3000`):
# a path naming a server other than the one backend is meant for that server, so no rewrite to the backend.
SERVER_WORDS = frozenset(
    {
        "express", "node", "nodejs", "nest", "koa", "hapi", "deno", "bun", "flask", "django", "fastapi",
        "python", "rails", "ruby", "spring", "java", "dotnet", "aspnet", "php", "laravel", "go", "golang",
        "firebase", "functions", "nginx", "json-server", "graphql", "strapi",
    }
)  # fmt: skip
_WORDS = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def proxy_mismatch(claims: Sequence[Claim], server_ports: Collection[int] = ()) -> list[Finding]:
    """A local proxy target on a port no claim listens on and no file names as a server's (`server_ports`:
    an Express `app.listen(7998)`, a script's `flask run --port 7999`) is a mismatch when a backend listens
    elsewhere."""
    listens = [c for c in claims if c.role is Role.LISTEN]
    backends = [c for c in listens if c.part is Part.BACKEND] or [c for c in listens if c.part is Part.EMULATOR]
    served = {c.port for c in listens} | set(server_ports)
    findings = []
    for target in claims:
        if target.role is not Role.CONNECT or target.part is not Part.PROXY or not is_local_target(target.host):
            continue  # a browser's base URL may name any local service, not only this workspace's backends
        if target.port in served or not backends:
            continue
        findings.append(_mismatch(target, backends, claims))
    return findings


def _mismatch(target: Claim, backends: list[Claim], claims: Sequence[Claim]) -> Finding:
    ports = sorted({b.port for b in backends})
    where = f"{clip(backends[0].service, 40)} listens on {', '.join(map(str, ports[:3]))}"
    fixes: tuple[Fix, ...] = ()
    if len(ports) == 1 and target.explicit and _meant_for(target, backends[0], claims):
        edit = TextEdit(target.location.file, target.location.range, str(ports[0]))
        fixes = (Fix(f"Point the proxy at port {ports[0]}", (edit,), preferred=True),)
    return Finding(
        codes.PROXY_TARGET_MISMATCH,
        Severity.WARNING,
        f"Proxy target {clip(target.target or str(target.port), 48)} points at port {target.port}, where no "
        f"service of this workspace listens; {where}. Way out: point the proxy at the backend's port.",
        target.location,
        port=target.port,
        related=(
            Related(target.location, f"{target.target or target.port}: {target.origin}"),
            *(Related(b.location, f"{b.service} listens on {b.port}: {b.origin}") for b in backends[:3]),
        ),
        fixes=fixes,
        claim=target,
    )


def _meant_for(target: Claim, backend: Claim, claims: Sequence[Claim]) -> bool:
    """Whether rewriting the target to the one backend's port can be what was meant: not when the proxy's
    path or URL names another kind of server (`/express` while the backend is Flask), nor when the same proxy
    config already sends other paths to other local ports (a proxy in front of several servers)."""
    path = target.service.split(" (", 1)[0]  # "angular web proxy /express", without a proxy file's path
    named = SERVER_WORDS & set(_WORDS.findall(f"{path} {target.target or ''}".lower()))
    if named and backend.tool.lower() not in named:
        return False
    siblings = {
        c.port
        for c in claims
        if c.role is Role.CONNECT and c.location.file == target.location.file and is_local_target(c.host)
    }
    return len(siblings) <= 1
