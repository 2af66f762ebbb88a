"""Hover on a port in a config: who holds it now, ours or foreign, and which other configs claim it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer

if TYPE_CHECKING:
    from ...check import Holder, Report
    from ...core.model import Claim, Position


OTHERS_SHOWN = 10  # a port claimed by thousands of configs must not make a hover of megabytes


def register(server: PortlintServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: PortlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        await ls.state.settled()
        from ..convert import core_position, lsp_range

        path = to_fs_path(params.text_document.uri)
        report = ls.state.report_for(path) if path else None
        if path is None or report is None:
            return None
        position = core_position(params.position)
        claims = [c for c in report.claims if _at(c, path, position)]
        if not claims:
            return None
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover_text(claims, report)),
            range=lsp_range(claims[0].location.range) if claims[0].location.file == path else None,
        )


def _at(claim: Claim, path: str, position: Position) -> bool:
    return any(
        location.file == path and location.range.start <= position <= location.range.end
        for location in (claim.location, *claim.also_at)
    )


def hover_text(claims: list[Claim], report: Report) -> str:
    """Markdown: the claims at this place, each holder once with all its addresses, the other claims. Every
    list is closed by a blank line, so a following paragraph never runs into its last bullet."""
    from ...core.paths import relative
    from ...core.reserved import details, reserved_range

    first = claims[0]
    lines = [f"**Port {first.port}** — portlint", ""]
    for claim in claims:
        how = "listens on" if claim.role.value == "listen" else "connects to"
        default = "" if claim.explicit else " (the tool's default)"
        lines.append(f"- **{claim.service}** {how} `{claim.host}:{claim.port}`{default}: {claim.origin}")
    lines.append("")
    if report.snapshot is None:
        lines += ["Listeners are not checked (live checks are off).", ""]
    else:
        reserved = reserved_range(first.port, report.snapshot.reserved)
        if reserved is not None:
            lines += [f"**Reserved by the system**: {details(first.port, reserved)}", ""]
        holders = report.holders_of(first)
        if reserved is None or holders:
            lines += _holders(holders, first)
    services = {claim.service for claim in claims}
    others = [c for c in report.claims if c.port == first.port and c.service not in services]
    if others:
        lines += ["Also claimed by:", ""]
        for other in others[:OTHERS_SHOWN]:
            at = f"{relative(other.location.file, report.root)}:{other.location.range.start.line + 1}"
            lines.append(f"- {other.service} ({other.role.value}) — {at}: {other.origin}")
        if len(others) > OTHERS_SHOWN:
            lines.append(f"- and {len(others) - OTHERS_SHOWN} more (`portlint ports` lists them all)")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _holders(holders: list[Holder], claim: Claim) -> list[str]:
    from ...core.holders import addresses, by_process, identity, way_out

    if not holders:
        return [f"Port {claim.port} is **free** right now.", ""]
    lines = ["Held by:" if claim.role.value == "listen" else "Answered by:", ""]
    for group in by_process(holder.listener for holder in holders):
        ours = all(report_holder.ours for report_holder in holders if report_holder.listener in group)
        side = "ours (runs from this workspace)" if ours else "**foreign**"
        lines.append(f"- {identity(group[0])} — {side}")
        lines.append(f"  - on `{addresses(group)}`")
        process = group[0].process
        if process is not None and process.started:
            since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(process.started))
            lines.append(f"  - running since {since}")
        if process is not None and process.cmdline:
            lines.append(f"  - command line: `{process.command}`")
    lines.append("")
    foreign = [holder.listener for holder in holders if not holder.ours]
    if foreign:
        lines += [f"Way out: {way_out(foreign)}.", ""]
    return lines
