"""`free_port`: the port the "Switch to free port N" quick fix would pick for a service, and its edits.

The same choice and the same edits as the fix on a finding (`portlint.fixes`): `choose_free_port` with a
real bind test, never a port any config names, and `PortSwitches` for every place that names the service's
port. Here it is offered for any listening service, not only one a finding is about, so an agent can move a
service before it starts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct

from ..core.free_port import choose_free_port
from ..core.model import Claim, Role, TextEdit
from ..core.port_switch import PortSwitches
from ..core.report import Report
from ..output.common import range_dict, rel


class SwitchRefused(ValueError):
    """No switch can be planned for these arguments; the message says why and what to ask instead."""


class SwitchPlan(Struct, frozen=True):
    port: int
    service: str
    new_port: int | None  # None: no port near the old one is free and unclaimed
    edits: tuple[TextEdit, ...]  # () when the port is set where no file can change it (the environment)
    reason: str | None = None  # why there are no edits


def plan_switch(report: Report, port: int, service: str | None, is_free: Callable[[int], bool]) -> SwitchPlan:
    """Plan moving the service that listens on `port` (the one named `service` when several do)."""
    claims = _service_claims(report, port, service)
    name = claims[0].service
    claimed = {c.port for c in report.claims}
    new_port = choose_free_port(port, claimed, is_free)
    if new_port is None:
        return SwitchPlan(port, name, None, (), f"no port near {port} is free and unclaimed by the workspace")
    switches = PortSwitches(report.claims)
    edits = next((e for e in (switches.edits(c, new_port) for c in claims) if e), ())
    reason = None if edits else _why_no_edits(claims)
    return SwitchPlan(port, name, new_port, edits, reason)


def plan_answer(plan: SwitchPlan, report: Report) -> dict[str, Any]:
    return {
        "port": plan.port,
        "service": plan.service,
        "newPort": plan.new_port,
        "title": f"Switch to free port {plan.new_port}" if plan.edits else None,
        "edits": [edit_answer(edit, report) for edit in plan.edits],
        "reason": plan.reason,
    }


def edit_answer(edit: TextEdit, report: Report) -> dict[str, Any]:
    answer: dict[str, Any] = {"file": rel(report, edit.file), "range": range_dict(edit.range), "newText": edit.new_text}
    if edit.create_file:
        answer["createFile"] = True
    return answer


def _service_claims(report: Report, port: int, service: str | None) -> list[Claim]:
    listening = [c for c in report.claims if c.role is Role.LISTEN and c.port == port]
    services = list(dict.fromkeys(c.service for c in listening))
    if not listening:
        wanted = sorted({c.port for c in report.claims if c.role is Role.LISTEN})
        known = ", ".join(map(str, wanted)) if wanted else "none"
        raise SwitchRefused(f"no service of this workspace listens on port {port} (its listen ports: {known})")
    if service is not None:
        chosen = [c for c in listening if c.service == service]
        if not chosen:
            raise SwitchRefused(f"no service named {service!r} listens on port {port}; these do: {_names(services)}")
        return chosen
    if len(services) > 1:
        raise SwitchRefused(f"several services listen on port {port}: {_names(services)}; name one with `service`")
    return listening


def _why_no_edits(claims: list[Claim]) -> str:
    if all(not c.names_port for c in claims):
        return "the port comes from the environment portlint runs in, not from a file of the workspace"
    return "the tool cannot be told this port in a file of the workspace"


def _names(services: list[str]) -> str:
    return ", ".join(repr(s) for s in services)
