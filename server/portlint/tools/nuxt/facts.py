"""What nuxt.config.* says about the dev server."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Token
from ...core.model import Location


@dataclass(frozen=True)
class NuxtConfig:
    file: str
    anchor: Location  # the `devServer` key, else the config object's `{`
    port: Token | None = None
    host: Token | None = None
    computed: bool = False  # devServer.port set to a value only run time knows
