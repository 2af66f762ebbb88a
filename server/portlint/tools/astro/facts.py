"""What astro.config.* says about the dev server."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Token
from ...core.model import Location


class AstroConfig(Struct, frozen=True):
    file: str
    anchor: Location  # the `server` key, else the config object's `{`
    port: Token | None = None
    host: Token | None = None  # a string, or `true` / `false` as those words
    computed: bool = False
