"""portlint.showPortMap (the claims-and-holders table) and portlint.recheck."""

from __future__ import annotations

import asyncio
from typing import Any

from ..server import PortlintServer

SHOW_PORT_MAP = "portlint.showPortMap"
RECHECK = "portlint.recheck"


def register(server: PortlintServer) -> None:
    @server.command(SHOW_PORT_MAP)
    async def show_port_map(ls: PortlintServer, *args: Any) -> dict[str, Any]:
        await ls.ready.wait()
        return port_map(ls)

    @server.command(RECHECK)
    async def recheck(ls: PortlintServer, *args: Any) -> dict[str, Any]:
        await ls.ready.wait()
        loop = asyncio.get_running_loop()
        snapshot = None
        if ls.background is not None:
            snapshot = await loop.run_in_executor(None, ls.background.look_now)
        for session in ls.sessions.values():
            await loop.run_in_executor(None, session.scan)
            if snapshot is not None:
                session.set_snapshot(snapshot)
        ls.disk_stamps.clear()
        ls.watch_config_folders()
        ls.mark_dirty(ls.sessions)
        ls.recompute_now()
        return port_map(ls)


def port_map(ls: PortlintServer) -> dict[str, Any]:
    """Per workspace folder: every claim with its holders, and the listeners they name."""
    from ...output.port_map import port_map as build

    return build(ls.reports)
