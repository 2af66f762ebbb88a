"""What an nginx config says about CORS in front of a backend."""

from __future__ import annotations

from msgspec import Struct

from ...core.model import Location


class NginxProxy(Struct, frozen=True):
    """A `location` (or server) block that proxies to a local port, with the CORS headers it adds."""

    file: str
    path: str  # the location's path as written ("" for a server-level proxy_pass)
    host: str
    port: int
    proxy_pass: Location  # the URL after proxy_pass
    allow_origin: tuple[Location, ...]  # add_header Access-Control-Allow-Origin directives in force here
    allow_origin_values: tuple[str, ...]
    hides_allow_origin: bool  # proxy_hide_header Access-Control-Allow-Origin in force here
