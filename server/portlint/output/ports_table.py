"""`portlint ports`: every claim and who holds its port now."""

from __future__ import annotations

from ..check import Report
from ..core.addresses import is_local_target
from ..core.holders import bracket
from ..core.model import Claim, Role
from ..core.reserved import reserved_range, span
from .common import rel
from .safe import printable

HEADERS = ("SERVICE", "ROLE", "PORT", "HOST", "CONFIG", "HOLDER", "")


def port_rows(report: Report) -> list[tuple[str, ...]]:
    return [_row(claim, report) for claim in sorted(report.claims, key=lambda c: (c.port, c.service))]


def _row(claim: Claim, report: Report) -> tuple[str, ...]:
    start = claim.location.range.start
    config = f"{rel(report, claim.location.file)}:{start.line + 1}" + ("" if claim.explicit else " (default)")
    if claim.role is Role.CONNECT and not is_local_target(claim.host):
        holder, side = "remote", ""  # another machine: this one's listeners say nothing about it
    elif report.snapshot is None:
        holder, side = "not checked", ""
    else:
        holders = [h.listener for h in report.holders_of(claim)]
        reserved = reserved_range(claim.port, report.snapshot.reserved)
        if not holders and reserved is not None:
            holder, side = f"reserved by Windows ({span(reserved)})", ""
        elif not holders:
            holder, side = "free", ""
        else:
            by_process: dict[str, list[str]] = {}
            for h in holders:
                who = f"{h.process.name} (pid {h.process.pid})" if h.process else "unknown"
                by_process.setdefault(who, []).append(bracket(h.address))
            names = [f"{who} on {', '.join(addresses)}" for who, addresses in by_process.items()]
            holder = ", ".join(names)
            side = "ours" if report.side(claim) == "ours" else "FOREIGN"
    cells = (claim.service, claim.role.value, str(claim.port), claim.host, config, holder, side)
    return tuple(printable(cell) for cell in cells)


def render_ports_text(report: Report) -> str:
    rows = [HEADERS, *port_rows(report)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    if len(rows) == 1:
        lines.append("(no ports found in this workspace's configs)")
    return "\n".join(lines) + "\n"
