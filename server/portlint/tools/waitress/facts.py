"""What Python source says about waitress: its `serve(...)` calls."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Token
from ...core.model import Location


class WaitressServe(Struct, frozen=True):
    """`serve(app, host=..., port=..., listen=...)`: it serves when the file runs."""

    file: str
    location: Location
    host: Token | None = None
    port: Token | None = None
    listen: Token | None = None  # space-separated `HOST:PORT` addresses
    readable: bool = True  # False when an address argument is not a literal
