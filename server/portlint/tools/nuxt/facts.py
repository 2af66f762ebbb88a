"""What nuxt.config.* says about the dev server."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Token
from ...core.model import Location


class NuxtConfig(Struct, frozen=True):
    file: str
    anchor: Location  # the `devServer` key, else the config object's `{`
    port: Token | None = None
    host: Token | None = None
    computed: bool = False  # devServer.port set to a value only run time knows
