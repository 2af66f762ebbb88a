"""portlint.showPortMap (the claims-and-holders table) and portlint.recheck."""

from __future__ import annotations

from typing import Any

from ..server import PortlintServer

SHOW_PORT_MAP = "portlint.showPortMap"
RECHECK = "portlint.recheck"


def register(server: PortlintServer) -> None:
    @server.command(SHOW_PORT_MAP)
    async def show_port_map(ls: PortlintServer, *args: Any) -> dict[str, Any]:
        await ls.state.settled()
        return port_map(ls)

    @server.command(RECHECK)
    async def recheck(ls: PortlintServer, *args: Any) -> dict[str, Any]:
        await ls.state.recheck()
        return port_map(ls)


def port_map(ls: PortlintServer) -> dict[str, Any]:
    """Per workspace folder: every claim with its holders, and the listeners they name."""
    from ...output.port_map import port_map as build

    return build(ls.state.reports)
