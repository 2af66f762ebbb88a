"""What a devcontainer.json says about ports."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Token


class DevContainer(Struct, frozen=True):
    file: str
    name: str | None = None
    forward_ports: tuple[Token, ...] = ()  # the local port of each `forwardPorts` entry (`3000`, `"db:5432"`)
    app_ports: tuple[Token, ...] = ()  # the host port of each `appPort` entry (`3000`, `"8080:80"`)
