"""The URL a probe may talk to: an http(s) URL on this machine, and the addresses its host resolves to.

Loopback only: the target is checked (and its name resolved) before any connection, and anything that is
not `localhost`, 127.0.0.0/8 or ::1 is refused; `localhost` is looked up without the DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import quote, urlsplit

from msgspec import Struct

_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # kept as written; anything else (é) is percent-encoded, as browsers do


class ProbeRefused(ValueError):
    """The URL is not one portlint probes (not loopback, not http(s), unresolvable); nothing was sent."""


class Target(Struct, frozen=True):
    url: str
    scheme: str  # "http" or "https"
    host: str  # as written, brackets stripped, lower case: "localhost", "::1"
    port: int
    path: str  # path and query, as sent on the request line
    host_header: str  # "localhost:5000", as a browser sends it

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 80 if self.scheme == "http" else 443
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")


def parse_target(url: str) -> Target:
    """The URL's parts, or ProbeRefused when it is not an http(s) URL on a loopback host."""
    url = url.strip()
    blank = next((ch for ch in url if ch.isspace() or not ch.isprintable()), None)
    if blank is not None:
        what = "a space" if blank == " " else f"the character {blank!r}"
        raise ProbeRefused(f"{url!r} is not a valid URL: it contains {what} (write a space as %20)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ProbeRefused(f"{url!r} is not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise ProbeRefused(f"{url!r}: only http:// and https:// URLs can be probed")
    host = (parts.hostname or "").lower()
    if not host:
        raise ProbeRefused(f"{url!r} names no host")
    if parts.username is not None or parts.password is not None:
        raise ProbeRefused(f"{url!r} carries a user name or password; fetch() refuses such URLs too")
    if not is_loopback_name(host):
        raise ProbeRefused(
            f"refusing to probe {host}: portlint probes only this machine (localhost, 127.0.0.0/8, ::1), "
            "so it never sends requests to other hosts"
        )
    default = 80 if parts.scheme == "http" else 443
    real_port = default if port is None else port
    shown_host = f"[{host}]" if ":" in host else host
    path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_URL_SAFE)
    host_header = shown_host if real_port == default else f"{shown_host}:{real_port}"
    return Target(url, parts.scheme, host, real_port, path, host_header)


def is_loopback_name(host: str) -> bool:
    """`localhost`, or an address literal in 127.0.0.0/8 or ::1. No other name: it could resolve anywhere."""
    if host.rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback


def resolve(target: Target) -> tuple[str, ...]:
    """Every address the host resolves to, in the resolver's order, each once; refused unless every one of
    them is loopback."""
    literal = _address_literal(target.host)
    if literal is not None:
        return (literal,)  # nothing to ask anyone
    # Only `localhost` (and `localhost.`) get here. The trailing dot is dropped: with it the system resolver
    # skips the hosts file and asks the DNS server, which may be anywhere.
    try:
        infos = socket.getaddrinfo("localhost", target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ProbeRefused(f"{target.host} does not resolve here: {error}") from None
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0]).partition("%")[0]
        if address not in addresses:
            addresses.append(address)
    strangers = [a for a in addresses if not ipaddress.ip_address(a).is_loopback]
    if strangers or not addresses:
        raise ProbeRefused(
            f"refusing to probe {target.host}: it resolves to {', '.join(strangers) or 'nothing'} here, "
            "which is not a loopback address"
        )
    return tuple(addresses)


def _address_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None
