"""Ports the system reserves: a service that wants one cannot start, though no process holds the port.

The snapshot carries the ranges (on Windows, the excluded port ranges); this module judges the claims
against them and says the way out. The short message stays near 200 characters; the details travel as
related information and in the hover.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from . import codes
from .holders import clip
from .model import Claim, Finding, PortRange, Related, Role, Severity, Snapshot

WINNAT_WAY_OUT = "`net stop winnat` then `net start winnat` (as administrator)"


def reserved_range(port: int, ranges: Sequence[PortRange]) -> PortRange | None:
    return next((item for item in ranges if port in item), None)


def span(item: PortRange) -> str:
    return str(item.start) if item.start == item.end else f"{item.start}–{item.end}"


def summary(claim: Claim, item: PortRange) -> str:
    head = f"Port {claim.port} is in {span(item)}"
    service = clip(claim.service, 40)
    if item.administered:
        return (
            f"{head}, a range an administrator excluded on Windows: {service} cannot bind it. Way out: another "
            "port, or delete that exclusion (netsh, as administrator)."
        )
    return (
        f"{head}, reserved by Windows (usually Hyper-V / WinNAT / Docker Desktop): {service} cannot bind it. "
        "Way out: `net stop winnat` then `net start winnat`, or another port."
    )


def details(port: int, item: PortRange) -> str:
    """What the hover and the related information say: where the range comes from and every way out."""
    count = item.end - item.start + 1
    listed = (
        f"Windows excludes ports {span(item)} from use (`netsh interface ipv4 show excludedportrange "
        "protocol=tcp` lists it). No process holds them, so netstat shows nothing; a bind fails with "
        "WinError 10013 or EACCES."
    )
    if item.administered:
        return (
            f"{listed} The range is marked `*`: an administrator added it. Remove it with `netsh int ipv4 delete "
            f"excludedportrange protocol=tcp startport={item.start} numberofports={count}` (as administrator), "
            "or use a port outside every excluded range."
        )
    return (
        f"{listed} Hyper-V and WinNAT (WSL 2, Docker Desktop) pick these ranges at start; {WINNAT_WAY_OUT} "
        "usually frees them, or use a port outside every excluded range. To keep the port from being taken "
        f"again, reserve it for yourself while WinNAT is stopped: `netsh int ipv4 add excludedportrange "
        f"protocol=tcp startport={port} numberofports=1`."
    )


def reserved_by_system(claims: Iterable[Claim], snapshot: Snapshot) -> list[Finding]:
    """One error per listen claim whose port lies in a reserved range."""
    findings: list[Finding] = []
    if not snapshot.reserved:
        return findings
    for claim in claims:
        if claim.role is not Role.LISTEN or claim.port == 0:
            continue
        item = reserved_range(claim.port, snapshot.reserved)
        if item is None:
            continue
        findings.append(
            Finding(
                codes.PORT_RESERVED_BY_SYSTEM,
                Severity.ERROR,
                summary(claim, item),
                claim.location,
                port=claim.port,
                related=(Related(claim.location, details(claim.port, item)),),
                claim=claim,
            )
        )
    return findings
