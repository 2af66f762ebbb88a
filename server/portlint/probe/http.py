"""Probing a loopback URL the way a browser's `fetch()` would: the preflight, then the real request, on
every address the host name resolves to, each on its own.

The URL is checked and resolved first (`target.py`: loopback only, refused before any connection); each
request is one exchange on its own connection (`connection.py`). The verdicts come from
`portlint.core.cors.fetch`; this module only talks to the servers.
"""

from __future__ import annotations

import ipaddress

from msgspec import Struct

from .. import __version__
from ..core.cors.fetch import CorsVerdict, HttpAnswer, judge
from ..core.cors.fetch_request import FetchRequest, normalise_method, preflight_headers, preflight_needed
from .answerer import Answerer, who_answered
from .connection import Exchange, Failure, send
from .request import DEFAULT_TIMEOUT
from .target import ProbeRefused, Target, parse_target, resolve

USER_AGENT = f"portlint-probe/{__version__}"


class AddressProbe(Struct, frozen=True):
    address: str
    preflight: Exchange | None  # None when the request needs none
    actual: Exchange | None  # None when a browser would not send it (the preflight failed)
    verdict: CorsVerdict

    @property
    def failure(self) -> Failure | None:
        for exchange in (self.preflight, self.actual):
            if exchange is not None and exchange.failure is not None:
                return exchange.failure
        return None

    @property
    def answer(self) -> HttpAnswer | None:
        """The last answer received: the real request's, else the preflight's."""
        for exchange in (self.actual, self.preflight):
            if exchange is not None and exchange.answer is not None:
                return exchange.answer
        return None

    @property
    def answerer(self) -> Answerer | None:
        answer = self.answer
        return who_answered(answer.headers) if answer is not None else None

    @property
    def refused(self) -> bool:
        """Nothing listens here: Node and browsers then move on to the next address."""
        failure = self.failure
        return failure is not None and failure.kind == "refused"


class ProbeResult(Struct, frozen=True):
    target: Target
    request: FetchRequest
    addresses: tuple[AddressProbe, ...]  # in the resolver's order: a client tries the first one first

    @property
    def reached(self) -> AddressProbe | None:
        """The address a client that falls back only on refusal (Node 17+) ends up talking to."""
        return next((probe for probe in self.addresses if not probe.refused), None)

    @property
    def ok(self) -> bool:
        """Every address that something listens on passes, and at least one does."""
        listening = [probe for probe in self.addresses if not probe.refused]
        return bool(listening) and all(probe.verdict.ok for probe in listening)


def probe(url: str, request: FetchRequest, timeout: float = DEFAULT_TIMEOUT) -> ProbeResult:
    """Probe `url` on each of its addresses. Raises ProbeRefused (before any connection) for a target
    that is not loopback."""
    target = parse_target(url)
    addresses = resolve(target)
    return ProbeResult(
        target, request, tuple(probe_address(target, address, request, timeout) for address in addresses)
    )


def probe_address(target: Target, address: str, request: FetchRequest, timeout: float) -> AddressProbe:
    """The preflight (when the request needs one), then the real request unless the preflight failed."""
    if not ipaddress.ip_address(address).is_loopback:  # the last guard before a socket opens
        raise ProbeRefused(f"refusing to connect to {address}: not a loopback address")
    preflight: Exchange | None = None
    if preflight_needed(request):
        sent = (*preflight_headers(request), ("Accept", "*/*"), ("User-Agent", USER_AGENT))
        preflight = send(target, address, "OPTIONS", sent, timeout)
        if preflight.answer is None:
            return AddressProbe(address, preflight, None, _no_answer("preflight", preflight))
        verdict = judge(request, preflight.answer, None)
        if not verdict.ok and any(p.startswith("preflight:") for p in verdict.problems):
            return AddressProbe(address, preflight, None, verdict)
    sent = (("Origin", request.origin), ("Accept", "*/*"), ("User-Agent", USER_AGENT), *request.headers)
    actual = send(target, address, normalise_method(request.method), sent, timeout)
    if actual.answer is None:
        return AddressProbe(address, preflight, actual, _no_answer("request", actual))
    return AddressProbe(
        address, preflight, actual, judge(request, preflight.answer if preflight else None, actual.answer)
    )


def _no_answer(stage: str, exchange: Exchange) -> CorsVerdict:
    assert exchange.failure is not None
    return CorsVerdict(False, (f"{stage}: {exchange.failure.words}",))
