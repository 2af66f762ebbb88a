"""What a uWSGI ini file says: the sockets of its `[uwsgi]` section."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Address


@dataclass(frozen=True)
class UwsgiIni:
    file: str
    binds: tuple[tuple[str, Address], ...] = ()  # (option, address), in order
