"""The edits of a "Switch to free port N" fix: every place that names a service's port, in one go.

Pure: claims in, text edits out. A service may be started several ways (a launch configuration, a
terminal `flask run`, `python app.py`); each way on the old port is switched, so none is left behind on
it, and so are the local proxy targets that mean this service. A default is written out where the tool
reads it (the claim's `insertion`); a port the tool cannot be told about cannot be switched (no edits).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .addresses import is_local_target
from .model import Claim, Location, Part, Role, TextEdit


def switch_port_edits(claim: Claim, claims: Sequence[Claim], new_port: int) -> tuple[TextEdit, ...]:
    """The edits that move `claim`'s service from its port to `new_port`, sorted by file and position,
    never two on one range; () when the claim itself cannot be switched (a proxy target, a default with
    nowhere to write the port)."""
    return PortSwitches(claims).edits(claim, new_port)


class PortSwitches:
    """The claims indexed once by port and service, so a report with thousands of claims on one port
    builds each finding's switch in time proportional to that service's own claims."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self._listening: dict[int, dict[str, list[Claim]]] = {}
        self._targets: dict[int, list[Claim]] = {}
        for c in claims:
            if c.role is Role.LISTEN:
                self._listening.setdefault(c.port, {}).setdefault(c.service, []).append(c)
            elif c.explicit and is_local_target(c.host):
                self._targets.setdefault(c.port, []).append(c)
        self._meant: dict[int, str | None] = {}

    def edits(self, claim: Claim, new_port: int) -> tuple[TextEdit, ...]:
        if claim.role is not Role.LISTEN or new_port == claim.port or not _claim_edits(claim, new_port):
            return ()
        old = claim.port
        services = self._listening.get(old, {})
        edits = _claim_edits(claim, new_port)
        edits += [edit for c in services.get(claim.service, ()) for edit in _claim_edits(c, new_port)]
        if claim.service not in services:  # a claim from outside the indexed ones: not cached
            meant = _service_targets_mean({**services, claim.service: [claim]})
        else:
            if old not in self._meant:
                self._meant[old] = _service_targets_mean(services)
            meant = self._meant[old]
        if meant == claim.service:
            edits += [_replace(c.location, new_port) for c in self._targets.get(old, ())]
        return _sorted_unique(edits)


def can_switch(claim: Claim) -> bool:
    """Whether some edit can move this listen claim to another port (a place names it, or a default can be
    written out where the tool reads it)."""
    return claim.role is Role.LISTEN and bool(_claim_edits(claim, claim.port + 1))


def merged(*edit_lists: Iterable[TextEdit]) -> tuple[TextEdit, ...]:
    """Several services' edits as one fix: one edit per range, by file and position."""
    return _sorted_unique(edit for edits in edit_lists for edit in edits)


def _claim_edits(claim: Claim, new_port: int) -> list[TextEdit]:
    if not claim.names_port:
        return []  # set in the environment: nothing in the workspace to rewrite
    if claim.explicit:
        return [_replace(location, new_port) for location in (claim.location, *claim.also_at)]
    if claim.insertion is None:
        return []
    insertion = claim.insertion
    location = insertion.location
    return [TextEdit(location.file, location.range, insertion.text(new_port), insertion.create_file)]


def _replace(location: Location, new_port: int) -> TextEdit:
    return TextEdit(location.file, location.range, str(new_port))


def _service_targets_mean(services: dict[str, list[Claim]]) -> str | None:
    """The service a local proxy target on this port talks to: the backend when one listens there (proxies
    front an API), else the only service on the port; None when that is ambiguous."""
    backends = {service for service, claims in services.items() if any(c.part is Part.BACKEND for c in claims)}
    candidates = backends or set(services)
    return next(iter(candidates)) if len(candidates) == 1 else None


def _sorted_unique(edits: Iterable[TextEdit]) -> tuple[TextEdit, ...]:
    """One edit per range (several ways to run a service often share a place), by file and position."""
    by_range: dict[tuple[str, object], TextEdit] = {}
    for edit in edits:
        by_range.setdefault((edit.file, edit.range), edit)
    return tuple(sorted(by_range.values(), key=lambda e: (e.file, e.range)))
