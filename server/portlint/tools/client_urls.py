"""Connect claims for the local URLs a front end is built with (`VITE_API_URL=http://localhost:8000` in its
`.env*`): shared by the front-end tools, each with its own env files and public prefix."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable

from ..core.facts import DotenvFile
from ..core.model import Claim, Part, Role
from ..core.paths import relative
from ..readers.env_urls import local_urls


def client_url_claims(
    dotenvs: Iterable[DotenvFile],
    folders: Collection[str],
    names: Collection[str],
    prefixes: tuple[str, ...],
    tool: str,
    app: str,
    root: str,
) -> list[Claim]:
    """One claim per local URL under `prefixes` in the env files `names` of the front ends in `folders`."""
    claims: list[Claim] = []
    for dotenv in dotenvs:
        folder, name = os.path.split(dotenv.path)
        if folder not in folders or name not in names:
            continue
        where = relative(dotenv.path, root)
        for found in local_urls(dotenv, prefixes):
            claims.append(
                Claim(
                    service=f"{app}'s {found.key} ({where})",
                    tool=tool,
                    role=Role.CONNECT,
                    host=found.host,
                    port=found.port,
                    explicit=True,
                    location=found.port_location,
                    origin=f"{found.key} in {where}, the URL the browser calls",
                    target=found.url,
                    part=Part.CLIENT,
                )
            )
    return claims
