"""What a uWSGI ini file says: the sockets of its `[uwsgi]` section."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Address


class UwsgiIni(Struct, frozen=True):
    file: str
    binds: tuple[tuple[str, Address], ...] = ()  # (option, address), in order
