"""Who answered a probe: the server named from its `Server` (or `X-Powered-By`) header."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from ..core.cors.fetch import HttpAnswer


class Answerer(Struct, frozen=True):
    product: str | None  # from the Server header: "AirTunes", "Werkzeug"; None without one
    version: str | None
    description: str  # in plain words: "macOS's AirPlay Receiver"

    @property
    def words(self) -> str:
        if self.product is None:
            return self.description
        name = f"{self.product} {self.version}" if self.version else self.product
        return f"{name} ({self.description})" if self.description != self.product else name


KNOWN_SERVERS: dict[str, str] = {
    "airtunes": "macOS's AirPlay Receiver",
    "werkzeug": "Flask's development server",
    "simplehttp": "Python's http.server",
    "basehttp": "Python's http.server",
    "gunicorn": "Gunicorn",
    "uvicorn": "Uvicorn",
    "hypercorn": "Hypercorn",
    "waitress": "Waitress",
    "tornadoserver": "Tornado",
    "nginx": "nginx",
    "apache": "Apache httpd",
    "caddy": "Caddy",
    "lighttpd": "lighttpd",
    "kestrel": ".NET Kestrel",
    "microsoft-iis": "Microsoft IIS",
    "microsoft-httpapi": "Windows HTTP.sys",
    "jetty": "Jetty",
    "envoy": "Envoy",
    "docker": "Docker",
}


def who_answered(headers: Sequence[tuple[str, str]]) -> Answerer:
    """The server behind an answer, named from its `Server` header (or `X-Powered-By`)."""
    answer = HttpAnswer(0, "", tuple(headers))
    server = answer.get("Server")
    if server:
        first = server.split()[0]
        product, _, version = first.partition("/")
        key = product.lower()
        description = KNOWN_SERVERS.get(key) or next(
            (words for known, words in KNOWN_SERVERS.items() if key.startswith(known)), product
        )
        return Answerer(product, version or None, description)
    powered = answer.get("X-Powered-By")
    if powered and powered.lower().startswith("express"):
        return Answerer(None, None, "an Express server (Node.js; e.g. the Angular dev server or a Firebase emulator)")
    if powered:
        return Answerer(None, None, f"a server powered by {powered} (no Server header)")
    return Answerer(None, None, "a server that does not name itself (no Server header)")
