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
    from ...output.json_report import claim_dict, listener_dict

    folders = []
    for root, report in ls.state.reports.items():
        held = {pid for claim in report.claims for pid in claim_dict(claim, report)["holders"]}
        listeners = report.snapshot.listeners if report.snapshot else ()
        folders.append(
            {
                "root": root,
                "live": report.snapshot is not None,
                "claims": [claim_dict(c, report) for c in report.claims],
                "listeners": [
                    listener_dict(listener, report)
                    for listener in listeners
                    if listener.process is not None and listener.process.pid in held
                ],
                "problems": sum(1 for f in report.findings if f.severity.value in ("error", "warning")),
            }
        )
    return {"version": 1, "folders": folders}
