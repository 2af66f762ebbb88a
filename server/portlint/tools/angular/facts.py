"""What angular.json and proxy configs say, before precedence: serve targets and proxy targets."""

from __future__ import annotations

from msgspec import Struct, field

from ...core.facts import Token
from ...core.model import Insertion, Location
from ...readers.proxy_targets import ProxyTarget

__all__ = ["AngularServe", "EnvironmentUrl", "ProxyStrayKey", "ProxyTarget", "ServeOptions"]


class ServeOptions(Struct, frozen=True):
    port: Token | None = None
    host: Token | None = None
    proxy_config: Token | None = None  # path as written, relative to angular.json's folder


class AngularServe(Struct, frozen=True):
    """One project's `serve` target in angular.json."""

    file: str
    project: str
    key: Location  # the serve target's key ("serve"), which implies the default port
    options: ServeOptions
    configurations: dict[str, ServeOptions] = field(default_factory=dict)
    default_configuration: str | None = None
    # Where `"port": N` goes into the serve `options` (creating `options` when absent).
    port_insertion: Insertion | None = None
    # The project's folder (absolute): angular.json's folder joined with the project's `root`; the projects
    # of one workspace are started one by one (`ng serve admin`), each from its own folder.
    folder: str = ""
    # The folders `proxyConfig` may be relative to, in the order tried (Nx: the workspace root, somewhere
    # above project.json); empty: angular.json's folder.
    proxy_bases: tuple[str, ...] = ()


class EnvironmentUrl(Struct, frozen=True):
    """A local URL in an Angular environment file (`environment.apiUrl`): the browser calls it directly."""

    file: str
    key: str  # "environment.apiUrl"
    url: str
    host: str
    port: int
    port_location: Location


class ProxyStrayKey(Struct, frozen=True):
    """A top-level key of an object-form proxy config that is no proxy path: an option written beside the
    entries (`"changeOrigin": true`). The webpack dev server ignores it; the Vite-based one fails on it."""

    file: str
    key: str
    location: Location  # the key
