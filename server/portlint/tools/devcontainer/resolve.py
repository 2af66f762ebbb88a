"""devcontainer.json → claims. `forwardPorts`: VS Code listens on the local machine's loopback on the same port
and, when that port is taken, silently forwards from another one. `appPort`: Docker publishes it on every
address; when it is taken the container does not start. Held by VS Code itself (a forward) or by Docker (a
publish), the port is this workspace's own."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.facts import Token
from ...core.model import Claim, LocalhostBinds, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME
from .facts import DevContainer

FORWARDED = WhenTaken(Taken.RANDOM, "VS Code", "forwards the container's port from another local port")
PUBLISHED = WhenTaken(Taken.FAILS, "Docker", "Bind for 0.0.0.0:N failed: port is already allocated")
VS_CODE = frozenset({"code", "Code", "Code Helper", "Code Helper (Plugin)", "code-insiders", "Code - Insiders"})
DOCKER = frozenset({"docker-proxy", "dockerd", "com.docker.backend", "com.docker.vpnkit", "vpnkit", "rootlesskit"})


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims: list[Claim] = []
    for container in (f for f in facts if isinstance(f, DevContainer)):
        service = f"dev container {container.name or relative(container.file, context.root)}"
        for token in container.forward_ports:
            claims += _claim(service, token, "127.0.0.1", "forwardPorts", container, FORWARDED, VS_CODE)
        for token in container.app_ports:
            claims += _claim(service, token, "0.0.0.0", "appPort", container, PUBLISHED, DOCKER)
    return claims


def _claim(
    service: str,
    token: Token,
    host: str,
    key: str,
    container: DevContainer,
    taken: WhenTaken,
    holders: frozenset[str],
) -> list[Claim]:
    if not token.text.isdigit() or not 0 < int(token.text) <= 65535:
        return []
    return [
        Claim(
            service,
            NAME,
            Role.LISTEN,
            host,
            int(token.text),
            True,
            token.location,
            f"{key} in {container.file.rsplit('/', 1)[-1]}",
            part=Part.BACKEND,
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK,
            when_taken=taken,
            ours_when_held_by=holders,
        )
    ]
