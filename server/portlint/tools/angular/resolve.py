"""angular.json serve targets, `ng serve` command lines and proxy configs → claims.

Angular CLI: `ng serve --port` > the configuration's port > the serve options' port > 4200; the host
likewise, default "localhost". The proxy config of the chosen configuration adds one connect claim per
target. It never moves to another port by itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from msgspec.structs import replace

from ...core.facts import Invocation, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Role, Taken, WhenTaken
from ...core.paths import relative
from ...readers.proxy_targets import proxy_claim
from ..base import ResolveContext
from . import NAME
from .facts import AngularServe, EnvironmentUrl, ProxyTarget, ServeOptions

DEFAULT_PORT = 4200
DEFAULT_HOST = "localhost"
# On a taken port the Angular CLI asks for another one in a terminal (yes = a random port) and fails without
# one; it never increments.
WHEN_TAKEN = WhenTaken(
    Taken.ASKS, "the Angular CLI", "Port 4200 is already in use. Use '--port' to specify a different port."
)


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    claims = angular_claims(
        (f for f in facts if isinstance(f, AngularServe)),
        (f for f in facts if isinstance(f, Invocation) and f.tool == NAME),
        (f for f in facts if isinstance(f, ProxyTarget)),
        context.root,
    )
    return claims + [_environment_claim(f, context.root) for f in facts if isinstance(f, EnvironmentUrl)]


def _environment_claim(found: EnvironmentUrl, root: str) -> Claim:
    where = relative(found.file, root)
    return Claim(
        service=f"angular app's {found.key} ({where})",
        tool=NAME,
        role=Role.CONNECT,
        host=found.host,
        port=found.port,
        explicit=True,
        location=found.port_location,
        origin=f"{found.key} in {where}, the URL the browser calls",
        target=found.url,
        part=Part.CLIENT,
    )


def angular_claims(
    serves: Iterable[AngularServe],
    invocations: Iterable[Invocation],
    proxies: Iterable[ProxyTarget],
    root: str,
) -> list[Claim]:
    serves = list(serves)
    proxies = list(proxies)
    invocations = list(invocations)
    claims: list[Claim] = []
    used_proxy_files: set[str] = set()
    # What starts a plain `ng serve` of each project together with other servers (a Procfile, one script).
    plain: dict[int, tuple[str, ...]] = {}
    for invocation in invocations:
        served = _serve_for(invocation, serves)
        if served is not None and invocation.port is None and invocation.configuration is None:
            plain[id(served)] = plain.get(id(served), ()) + invocation.together

    for serve in serves:
        runs: list[tuple[str | None, str]] = [(serve.default_configuration, "ng serve")]
        runs += [
            (name, f"ng serve --configuration {name}")
            for name, options in serve.configurations.items()
            if name != serve.default_configuration and _differs(options)
        ]
        for configuration, how in runs:
            found = _serve_claims(serve, configuration, None, how, proxies, root, used_proxy_files)
            together = plain.get(id(serve), ()) if configuration == serve.default_configuration else ()
            claims += [replace(c, together=together) for c in found] if together else found

    for invocation in invocations:
        served = _serve_for(invocation, serves)
        if served is None or (invocation.port is None and invocation.configuration is None):
            continue  # nothing a plain `ng serve` claim does not already say
        configuration = invocation.configuration or served.default_configuration
        found = _serve_claims(served, configuration, invocation, invocation.where, proxies, root, used_proxy_files)
        claims += [replace(c, together=invocation.together) for c in found]

    for target in proxies:  # proxy configs no angular.json names: still someone's proxy
        if target.file not in used_proxy_files:
            claims.append(_proxy_claim(target, f"proxy {target.context} ({relative(target.file, root)})", root))
    return claims


def _differs(options: ServeOptions) -> bool:
    return any(token is not None for token in (options.port, options.host, options.proxy_config))


def _serve_for(invocation: Invocation, serves: list[AngularServe]) -> AngularServe | None:
    candidates = [s for s in serves if os.path.dirname(s.file) == invocation.cwd] or serves
    if invocation.app is not None:
        return next((s for s in candidates if s.project == invocation.app.text), None)
    return candidates[0] if candidates else None


def _pick(serve: AngularServe, configuration: str | None, attr: str) -> tuple[Token | None, str]:
    """The token that decides `attr`, and the JSON path naming it."""
    if configuration is not None:
        options = serve.configurations.get(configuration)
        token = getattr(options, attr) if options else None
        if token is not None:
            return token, f"configurations.{configuration}.{_json_name(attr)}"
    token = getattr(serve.options, attr)
    return token, f"options.{_json_name(attr)}"


def _json_name(attr: str) -> str:
    return {"proxy_config": "proxyConfig"}.get(attr, attr)


def _serve_claims(
    serve: AngularServe,
    configuration: str | None,
    invocation: Invocation | None,
    how: str,
    proxies: list[ProxyTarget],
    root: str,
    used_proxy_files: set[str],
) -> list[Claim]:
    service = f"angular {serve.project} dev server"
    base = f"angular.json projects.{serve.project} serve"
    port_token, port_path = _pick(serve, configuration, "port")
    host_token, _ = _pick(serve, configuration, "host")
    location: Location = serve.key
    explicit = False
    insertion = None
    if invocation is not None and invocation.port is not None and invocation.port.as_port() is not None:
        port, location, explicit = invocation.port.as_port() or 0, invocation.port.location, True
        origin = f"--port in {invocation.where}"
    elif port_token is not None and port_token.as_port() is not None:
        port, location, explicit = port_token.as_port() or 0, port_token.location, True
        origin = f"{base} {port_path}, used by `{how}`"
    else:
        port = DEFAULT_PORT
        origin = f"Angular CLI default port {DEFAULT_PORT} (no port in {base}), used by `{how}`"
        if invocation is not None:
            location = invocation.location
        if port_token is None and (invocation is None or invocation.port is None):
            insertion = serve.port_insertion  # nothing unreadable would still win over the written port
    host = DEFAULT_HOST
    if invocation is not None and invocation.host is not None:
        host = invocation.host.text
    elif host_token is not None:
        host = host_token.text
    claims = [
        Claim(
            service,
            NAME,
            Role.LISTEN,
            host,
            port,
            explicit,
            location,
            origin,
            part=Part.FRONTEND,
            localhost_binds=LocalhostBinds.FIRST_RESOLVED,  # Node listens on the first address of the name
            when_taken=WHEN_TAKEN,
            insertion=insertion,
            project=serve.folder,
        ),
    ]
    proxy_token, _ = _pick(serve, configuration, "proxy_config")
    if proxy_token is not None:
        proxy_file = _proxy_file(serve, proxy_token.text, proxies)
        used_proxy_files.add(proxy_file)
        for target in proxies:
            if target.file == proxy_file:
                proxy = _proxy_claim(target, f"angular {serve.project} proxy {target.context}", root)
                claims.append(replace(proxy, project=serve.folder))
    return claims


def _proxy_file(serve: AngularServe, written: str, proxies: list[ProxyTarget]) -> str:
    """The proxy config a serve target names: relative to angular.json's folder, or (Nx) to the first folder
    above project.json where it exists — the only proxy configs read are ones that exist."""
    bases = serve.proxy_bases or (os.path.dirname(serve.file),)
    candidates = [os.path.normpath(os.path.join(base, written)) for base in bases]
    read = {target.file for target in proxies}
    return next((candidate for candidate in candidates if candidate in read), candidates[0])


def _proxy_claim(target: ProxyTarget, service: str, root: str) -> Claim:
    return proxy_claim(target, service, NAME, f'proxy target of "{target.context}" in {relative(target.file, root)}')
