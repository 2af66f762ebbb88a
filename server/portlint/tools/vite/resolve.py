"""vite.config.* and `vite` command lines → claims, as Vite 8 resolves them.

Dev server: `--port` > `server.port` > 5173; preview: `--port` > `preview.port` > 4173 (the preview server
takes `host`, `strictPort` and `proxy` from `server` when it sets none). Host: `--host` > the config's >
`localhost`; `true` (or a bare `--host`) means every address. No environment variable sets the port.
When its port is taken Vite moves upward ("Port N is in use, trying another one...") unless `strictPort`
is set, then it fails. Each `server.proxy` target is a connect claim of the proxy.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...core.facts import DotenvFile, Token
from ...core.model import Claim, LocalhostBinds, Location, Part, Pin, Range, Role, Taken, TextEdit, WhenTaken
from ...core.paths import relative
from ...readers.proxy_targets import ProxyTarget, proxy_claim
from ..base import ResolveContext
from ..client_urls import client_url_claims
from . import NAME
from .cli import PREVIEW
from .facts import ViteConfig, ViteInvocation, ViteOptions

# The env files Vite loads in development (`.env.[mode].local` > `.env.[mode]` > `.env.local` > `.env`).
ENV_FILES = (".env.development.local", ".env.development", ".env.local", ".env")
DEFAULT_DEV_PORT = 5173
DEFAULT_PREVIEW_PORT = 4173
DEFAULT_HOST = "localhost"
EVERY_ADDRESS = "::"  # `host: true`: Node's listen without a host, dual stack
MOVES = WhenTaken(Taken.MOVES_UP, "Vite", "Port N is in use, trying another one...")
FIXED = WhenTaken(Taken.FAILS, "Vite", "Port N is already in use (strictPort)")


def resolve(facts: Sequence[object], context: ResolveContext) -> list[Claim]:
    configs = [f for f in facts if isinstance(f, ViteConfig)]
    invocations = [f for f in facts if isinstance(f, ViteInvocation)]
    claims: list[Claim] = []
    for each in configs:
        if not _started_by_nx_alone(each, invocations):
            claims += _Run(each, None, preview=False, root=context.root).claims()
        if each.preview.port is not None or each.preview.key is not None:
            claims += _Run(each, None, preview=True, root=context.root).claims()
        claims += [_proxy(target, context.root) for target in each.proxies]
    dotenvs = (f for f in facts if isinstance(f, DotenvFile))
    folders = {os.path.dirname(config.file) for config in configs}
    claims += client_url_claims(dotenvs, folders, ENV_FILES, ("VITE_",), NAME, "vite app", context.root)
    for invocation in invocations:
        config: ViteConfig | None = None
        if not invocation.other_config:
            config = next((c for c in configs if os.path.dirname(c.file) == invocation.cwd), None)
        preview = invocation.configuration == PREVIEW
        if config is not None and not _adds(invocation) and (not preview or config.preview.key is not None):
            continue  # the same as the config's own claim
        claims += _Run(config, invocation, preview=preview, root=context.root).claims()
    return claims


def _started_by_nx_alone(config: ViteConfig, invocations: list[ViteInvocation]) -> bool:
    """Whether the config's folder is an Nx project whose dev-server targets all set options of their own:
    Nx starts that project's Vite, so the config alone never runs (each target is claimed instead)."""
    folder = os.path.dirname(config.file)
    by_nx = [i for i in invocations if i.cwd == folder and i.port_option != "--port" and i.configuration != PREVIEW]
    return bool(by_nx) and all(_adds(i) for i in by_nx)


def _adds(invocation: ViteInvocation) -> bool:
    """Whether a command sets something over its config (else its claim is the config's own)."""
    return bool(invocation.port or invocation.host or invocation.strict_port or invocation.computed)


class _Run:
    """One way of starting Vite: a config alone (`vite`), or a command line with the config of its root."""

    def __init__(
        self, config: ViteConfig | None, invocation: ViteInvocation | None, *, preview: bool, root: str
    ) -> None:
        self.config = config
        self.invocation = invocation
        self.preview = preview
        self.root = root
        self.options = (config.preview if preview else config.server) if config else ViteOptions()
        self.section = PREVIEW if preview else "server"
        self.config_name = relative(config.file, root) if config else ""

    def claims(self) -> list[Claim]:
        invocation, options = self.invocation, self.options
        if invocation is not None and "--port" in invocation.computed:
            return []  # `--port $PORT`: only run time knows
        port_token = invocation.port if invocation is not None else None
        insertion = None
        if invocation is not None and port_token is not None:
            origin = f"{invocation.port_option} in {invocation.where}"
        elif options.port is not None:
            port_token = options.port
            origin = f"{self.section}.port in {self.config_name}"
        elif "port" in options.computed:
            return []  # set by code only run time runs
        else:
            insertion = options.port_insertion
        strict = self._strict()
        if port_token is not None:
            port, location, explicit = port_token.as_port(), port_token.location, True
        else:
            port, location, explicit = self._default_port(), self._default_location(), False
            origin = f"Vite default {self.section} port {port}" + (
                f" (no {self.section}.port in {self.config_name})" if self.config else ""
            )
        if port is None:
            return []
        how = f", used by {invocation.where}" if invocation is not None else ""
        moves = "" if strict or port == 0 else "; Vite moves upward when it is taken (no strictPort)"
        return [
            Claim(
                service=self._service(),
                tool=NAME,
                role=Role.LISTEN,
                host=self._host(),
                port=port,
                explicit=explicit,
                location=location,
                origin=f"{origin}{how}{moves}",
                part=Part.FRONTEND,
                localhost_binds=LocalhostBinds.FIRST_RESOLVED,  # Node listens on the first address of the name
                when_taken=FIXED if strict else MOVES,
                insertion=insertion,
                pin=None if strict else self._pin(port_token),
            )
        ]

    def _default_port(self) -> int:
        return DEFAULT_PREVIEW_PORT if self.preview else DEFAULT_DEV_PORT

    def _default_location(self) -> Location:
        if self.invocation is not None:
            return self.invocation.location
        assert self.config is not None
        return self.options.key or self.config.anchor

    def _service(self) -> str:
        folder = os.path.dirname(self.config.file) if self.config else (self.invocation.cwd if self.invocation else "")
        where = relative(folder, self.root)
        name = f"vite {self.section if self.preview else 'dev'} server"
        return name if where == "." else f"{name} ({where})"

    def _inherited(self, attr: str) -> Token | None:
        """An option of this section, or (preview) the dev server's."""
        token: Token | None = getattr(self.options, attr)
        if token is None and self.preview and self.config is not None:
            token = getattr(self.config.server, attr)
        return token

    def _host(self) -> str:
        token = self.invocation.host if self.invocation is not None else None
        token = token or self._inherited("host")
        if token is None or token.text == "false" or not token.text:
            return DEFAULT_HOST
        return EVERY_ADDRESS if token.text == "true" else token.text

    def _strict(self) -> bool:
        if self.invocation is not None and self.invocation.strict_port:
            return True
        token = self._inherited("strict_port")
        return token is not None and token.text == "true"

    def _pin(self, port_token: Token | None) -> Pin | None:
        """`strictPort: true` in the config, else `--strictPort` after the command's `--port N`."""
        if self.options.strict_pin is not None and "strictPort" not in self.options.computed:
            return Pin(f"Set {self.section}.strictPort: true in {self.config_name}", (self.options.strict_pin,))
        invocation = self.invocation
        on_line = invocation is not None and invocation.port_option == "--port"
        if invocation is not None and on_line and port_token is not None and port_token is invocation.port:
            end = port_token.location
            edit = TextEdit(end.file, Range(end.range.end, end.range.end), " --strictPort")
            return Pin(f"Pass --strictPort in {invocation.where}", (edit,))
        return None


def _proxy(target: ProxyTarget, root: str) -> Claim:
    where = relative(target.file, root)
    return proxy_claim(
        target, f"vite proxy {target.context} ({where})", NAME, f'proxy target of "{target.context}" in {where}'
    )
