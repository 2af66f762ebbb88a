"""What angular.json and proxy configs say, before precedence: serve targets and proxy targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.facts import Token
from ...core.model import Insertion, Location
from ...readers.proxy_targets import ProxyTarget

__all__ = ["AngularServe", "EnvironmentUrl", "ProxyTarget", "ServeOptions"]


@dataclass(frozen=True)
class ServeOptions:
    port: Token | None = None
    host: Token | None = None
    proxy_config: Token | None = None  # path as written, relative to angular.json's folder


@dataclass(frozen=True)
class AngularServe:
    """One project's `serve` target in angular.json."""

    file: str
    project: str
    key: Location  # the serve target's key ("serve"), which implies the default port
    options: ServeOptions
    configurations: dict[str, ServeOptions] = field(default_factory=dict)
    default_configuration: str | None = None
    # Where `"port": N` goes into the serve `options` (creating `options` when absent).
    port_insertion: Insertion | None = None


@dataclass(frozen=True)
class EnvironmentUrl:
    """A local URL in an Angular environment file (`environment.apiUrl`): the browser calls it directly."""

    file: str
    key: str  # "environment.apiUrl"
    url: str
    host: str
    port: int
    port_location: Location
