"""What Python source says about waitress: its `serve(...)` calls."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Token
from ...core.model import Location


@dataclass(frozen=True)
class WaitressServe:
    """`serve(app, host=..., port=..., listen=...)`: it serves when the file runs."""

    file: str
    location: Location
    host: Token | None = None
    port: Token | None = None
    listen: Token | None = None  # space-separated `HOST:PORT` addresses
    readable: bool = True  # False when an address argument is not a literal
