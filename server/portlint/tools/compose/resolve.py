"""Compose files → claims: every TCP port a service publishes on the host.

Short syntax `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]` (IPv6 host IPs in brackets; ranges `8000-8002:80-82`),
long syntax `{target, published, host_ip, protocol}`. No host IP = every address (0.0.0.0, and `::`); a
container port alone, or a host range for one container port, gets a port Docker picks: nothing to claim.
Variables come from the shell, else the project's `.env` beside the compose file (`${VAR:-default}` falls
back to the default). `network_mode: host` publishes nothing.
Taken: Docker refuses to start the container ("Bind for 0.0.0.0:N failed: port is already allocated").
A port held by `docker-proxy`, dockerd or Docker Desktop is this project's own container (ours).
A service with `profiles` starts only when one is active (`COMPOSE_PROFILES` from the shell, else the
project's `.env`; `*`: all). `extends` puts the base service's ports (from this file or `file:`) before the
service's own, kept unique; a file only `extends` names is no project. Files `include:` names are part of the
project that includes them (their `.env` is their own folder's; the profiles are the including project's).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from msgspec import Struct

from ...core.facts import DotenvFile, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ..base import ResolveContext
from . import NAME, is_compose_file
from .facts import ComposeFile, ComposePort, ComposeService, Scalar
from .interpolate import Interpolated, Lookup, Unresolvable, interpolate

WHEN_TAKEN = WhenTaken(Taken.FAILS, "Docker", "Bind for 0.0.0.0:N failed: port is already allocated")
# Who holds a published port on the host: the userland proxy, dockerd itself (userland proxy off), Docker
# Desktop's backend (macOS, Windows) and rootless Docker's port driver.
DOCKER_HOLDERS = frozenset(
    {"docker-proxy", "dockerd", "com.docker.backend", "com.docker.vpnkit", "vpnkit", "rootlesskit"}
)
MAX_RANGE = 1000  # a larger published range is a typo or a port pool, not ports to check one by one
MAX_EXTENDS = 8  # `extends` chains longer than any real one: a cycle compose would refuse
ALL_PROFILES = "*"  # `COMPOSE_PROFILES=*` / `--profile "*"`: every profile


class _Published(Struct, frozen=True):
    host: str
    port: int
    location: Location
    names_port: bool


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    dotenvs = {f.path: f for f in facts if isinstance(f, DotenvFile)}
    files = {f.path: f for f in facts if isinstance(f, ComposeFile)}
    included_by = {other: f.path for f in files.values() for other in f.includes if other != f.path}
    claims: list[Claim] = []
    for compose in files.values():
        if compose.path not in included_by and not is_compose_file(os.path.basename(compose.path)):
            continue  # only named by `extends: {file: ...}`: a base for others, no project of its own
        env = _dotenv(dotenvs, compose.path)
        active = _active_profiles(dotenvs, _project_file(compose.path, included_by), context.environ)
        for service in compose.services:
            bases = _bases(service, compose, files)
            profiles = {name for each in (service, *bases) for name in each.profiles}
            if service.host_network or (profiles and not (profiles & active or ALL_PROFILES in active)):
                continue  # publishes nothing, or not started without `--profile`
            ports = [port for base in reversed(bases) for port in base.ports] + list(service.ports)
            claims += _service_claims(compose, service, ports, env, context)
    return claims


def _dotenv(dotenvs: Mapping[str, DotenvFile], compose: str) -> dict[str, Token]:
    """The project `.env` beside a compose file (an included file's own project folder)."""
    dotenv = dotenvs.get(os.path.join(os.path.dirname(compose), ".env"))
    return dotenv.values if dotenv is not None else {}


def _project_file(path: str, included_by: Mapping[str, str]) -> str:
    """The compose file `docker compose` is run with: the one that includes this one, up the chain."""
    seen = {path}
    while path in included_by and included_by[path] not in seen:
        path = included_by[path]
        seen.add(path)
    return path


def _active_profiles(dotenvs: Mapping[str, DotenvFile], project: str, environ: Mapping[str, str]) -> set[str]:
    """`COMPOSE_PROFILES` (comma-separated) from the shell, else the project's `.env`."""
    value = environ.get("COMPOSE_PROFILES")
    if value is None:
        token = _dotenv(dotenvs, project).get("COMPOSE_PROFILES")
        value = token.text if token is not None else ""
    return {name.strip() for name in value.split(",") if name.strip()}


def _bases(service: ComposeService, compose: ComposeFile, files: Mapping[str, ComposeFile]) -> list[ComposeService]:
    """The services `extends` leads to, nearest first (a cycle, or a base not found, ends the chain)."""
    chain: list[ComposeService] = []
    current, owner = service, compose
    while current.extends is not None and len(chain) < MAX_EXTENDS:
        found = files.get(current.extends.file or owner.path)
        base = next((s for s in found.services if s.name == current.extends.service), None) if found else None
        if found is None or base is None or base is service or any(b is base for b in chain):
            break
        chain.append(base)
        current, owner = base, found
    return chain


def _service_claims(
    compose: ComposeFile,
    service: ComposeService,
    ports: Sequence[ComposePort],
    env: dict[str, Token],
    context: ResolveContext,
) -> list[Claim]:
    """One claim per host address and port: an entry repeated through `extends` publishes once (compose keeps
    ports unique), where the extending service writes it."""
    folder = relative(os.path.dirname(compose.path), context.root) or "."
    named = f" (container {service.container_name})" if service.container_name else ""
    found: dict[tuple[str, int], _Published] = {}
    for entry in ports:
        for published in _published(entry, _lookup(env, context.environ)):
            found[(published.host, published.port)] = published
    return [
        Claim(
            f"compose service {service.name} in {folder}{named}",
            NAME,
            Role.LISTEN,
            published.host,
            published.port,
            True,
            published.location,
            f"ports of service {service.name} in {os.path.basename(compose.path)}",
            names_port=published.names_port,
            part=Part.BACKEND,
            localhost_binds=LocalhostBinds.IPV4_LOOPBACK,
            when_taken=WHEN_TAKEN,
            ours_when_held_by=DOCKER_HOLDERS,
        )
        for published in found.values()
    ]


def _lookup(env: dict[str, Token], environ: Mapping[str, str]) -> Lookup:
    """The shell's value (no file holds it), else the project `.env`'s (with its place)."""

    def value(name: str) -> tuple[str, Token | None] | None:
        if name in environ:
            return environ[name], None
        return (env[name].text, env[name]) if name in env else None

    return value


def _published(entry: ComposePort, lookup: Lookup) -> list[_Published]:
    try:
        if entry.spec is not None:
            return _short(entry.spec, interpolate(entry.spec.text, lookup))
        return _long(entry, lookup)
    except Unresolvable:
        return []  # compose refuses the file: nothing starts


def _short(spec: Scalar, value: Interpolated) -> list[_Published]:
    text = value.text
    body, _, protocol = text.partition("/")
    if protocol and protocol.lower() != "tcp":
        return []
    if body.startswith("["):
        close = body.find("]")
        if close < 0 or not body.startswith("]:", close):
            return []
        host, rest, offset = body[1:close], body[close + 2 :], close + 2
        parts = rest.split(":")
        if len(parts) != 2:
            return []
        host_port, host_offset = parts[0], offset
    else:
        parts = body.split(":")
        if len(parts) < 2:
            return []  # the container port alone: Docker picks the host port
        host = ":".join(parts[:-2]) if len(parts) > 2 else ""
        host_port = parts[-2]
        host_offset = len(body) - len(parts[-1]) - 1 - len(host_port)
        rest = ":".join(parts[-2:])
    container = rest.split(":")[-1]
    return _ports(spec, value, host or "0.0.0.0", host_port, host_offset, container)


def _long(entry: ComposePort, lookup: Lookup) -> list[_Published]:
    if entry.published is None:
        return []
    if entry.protocol is not None and entry.protocol.text.lower() not in ("tcp", ""):
        return []
    value = interpolate(entry.published.text, lookup)
    host = interpolate(entry.host_ip.text, lookup).text if entry.host_ip is not None else ""
    target = entry.target.text if entry.target is not None else "0"
    return _ports(entry.published, value, host or "0.0.0.0", value.text, 0, target)


def _ports(spec: Scalar, value: Interpolated, host: str, text: str, offset: int, container: str) -> list[_Published]:
    """The host ports `text` (at `offset` in the interpolated value) names: one, or a range that maps onto an
    equally long container range."""
    first, _, last = text.partition("-")
    low, high = _number(first), _number(last) if last else _number(first)
    if low is None or high is None or not 0 < low <= high or high - low >= MAX_RANGE:
        return []
    container_first, _, container_last = container.partition("-")
    container_low, container_high = _number(container_first), _number(container_last or container_first)
    if container_low is None or container_high is None:
        return []
    if high > low and high - low != container_high - container_low:
        return []  # several host ports for fewer container ports: Docker picks among them
    location, names = _where(spec, value, offset, offset + len(first))
    return [_Published(host, port, location, names) for port in range(low, high + 1)]


def _where(spec: Scalar, value: Interpolated, start: int, end: int) -> tuple[Location, bool]:
    """Where the characters `value.text[start:end]` are written: in the compose file, or in `.env`."""
    tokens = {id(t): t for t in value.tokens[start:end]}
    if len(tokens) == 1 and (token := next(iter(tokens.values()))) is not None:
        return token.location, True
    if any(t is not None for t in value.tokens[start:end]) or start >= end:
        return spec.location, False
    spans = value.spans[start:end]
    raw_start, raw_end = spans[0][0], spans[-1][1]
    direct = all(b - a == 1 for a, b in spans) and spec.direct
    return (spec.part(raw_start, raw_end), True) if direct else (spec.location, False)


def _number(text: str) -> int | None:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 5:
        return None
    port = int(text)
    return port if port <= 65535 else None
