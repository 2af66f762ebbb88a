"""A probe's result in words and as versioned JSON: one rendering for `portlint probe` and the editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.cors.fetch_request import preflight_needed
from ..core.holders import AIRPLAY_OFF

if TYPE_CHECKING:
    from .connection import Exchange
    from .http import AddressProbe, ProbeResult

JSON_VERSION = 1


def render_probe_text(result: ProbeResult) -> str:
    request, target = result.request, result.target
    lines = [
        f"{request.method} {target.url} from origin {request.origin}"
        + (" with credentials" if request.credentials else "")
        + (", after a preflight" if preflight_needed(request) else " (no preflight needed)"),
        _resolution(result),
        "",
    ]
    width = max(len(a.address) for a in result.addresses) + 2
    for index, address in enumerate(result.addresses):
        lines.extend(([""] if index else []) + _address_lines(address, width))
    lines.extend(["", diagnosis(result)])
    return "\n".join(lines) + "\n"


def _resolution(result: ProbeResult) -> str:
    host, addresses = result.target.host, [a.address for a in result.addresses]
    if len(addresses) == 1:
        return f"{host} is {addresses[0]}" if host == addresses[0] else f"{host} resolves to {addresses[0]} only"
    return (
        f"{host} resolves to {', '.join(addresses)}, in this order: Node 17+ connects to {addresses[0]} "
        "and tries the next only when it is refused"
    )


def _address_lines(address: AddressProbe, width: int) -> list[str]:
    pad = " " * width
    lines = []
    steps = [("preflight", address.preflight), ("request", address.actual)]
    shown = [(label, exchange) for label, exchange in steps if exchange is not None]
    for index, (label, exchange) in enumerate(shown):
        head = address.address.ljust(width) if index == 0 else pad
        lines.append(f"{head}{label:<10}{exchange.method} → {_outcome(exchange)}")
    answerer = address.answerer
    if answerer is not None:
        lines.append(f"{pad}{'answered':<10}{answerer.words}")
    if address.refused:
        lines.append(f"{pad}{'CORS':<10}not tried: nothing listens here")
    else:
        verdict = address.verdict
        lines.append(f"{pad}{'CORS':<10}" + ("ok" if verdict.ok else "fails"))
        lines.extend(f"{pad}{'':<10}- {problem}" for problem in verdict.problems)
        lines.extend(f"{pad}{'':<10}({note})" for note in verdict.notes)
    return lines


def _outcome(exchange: Exchange) -> str:
    if exchange.failure is not None:
        return exchange.failure.words
    assert exchange.answer is not None
    answer = exchange.answer
    allow = answer.values("Access-Control-Allow-Origin")
    shown = ", ".join(repr(v) for v in allow) if allow else "none"
    return f"{answer.status} {answer.reason}".rstrip() + f"; Access-Control-Allow-Origin: {shown}"


def diagnosis(result: ProbeResult) -> str:
    """The story in one sentence: what a client of this URL really talks to."""
    reached = result.reached
    where = result.target.host_header
    if reached is None:
        return f"Nothing listens on {where} on any of its addresses."
    who = reached.answerer.words if reached.answerer else "nothing that speaks HTTP"
    verdict = "CORS ok" if reached.verdict.ok else "CORS fails"
    sentence = f"A client of {where} talks to {reached.address}: {who}; {verdict}."
    others = [a for a in result.addresses if a is not reached and not a.refused]
    for other in others:
        other_who = other.answerer.words if other.answerer else "nothing that speaks HTTP"
        if other_who != who or other.verdict.ok != reached.verdict.ok:
            state = "CORS ok" if other.verdict.ok else "CORS fails"
            sentence += f" On {other.address} it would find {other_who} instead ({state})."
    if reached.answerer is not None and reached.answerer.product == "AirTunes":
        sentence += f" Switch off macOS's {AIRPLAY_OFF} or use another port."
    if result.ok and len(result.addresses) > 1 and all(not a.refused for a in result.addresses):
        sentence = f"Every address of {where} passes."
    return sentence


def probe_dict(result: ProbeResult) -> dict[str, Any]:
    """The versioned JSON form of a probe (README: "portlint probe")."""
    request = result.request
    reached = result.reached
    return {
        "version": JSON_VERSION,
        "url": result.target.url,
        "origin": request.origin,
        "method": request.method,
        "headers": [list(pair) for pair in request.headers],
        "credentials": request.credentials,
        "preflightNeeded": preflight_needed(request),
        "ok": result.ok,
        "firstAddress": result.addresses[0].address if result.addresses else None,
        "reached": reached.address if reached else None,
        "addresses": [_address_dict(a) for a in result.addresses],
        "diagnosis": diagnosis(result),
    }


def _address_dict(address: AddressProbe) -> dict[str, Any]:
    answerer = address.answerer
    return {
        "address": address.address,
        "family": 6 if ":" in address.address else 4,
        "ok": address.verdict.ok,
        "refused": address.refused,
        "answeredBy": None
        if answerer is None
        else {"product": answerer.product, "version": answerer.version, "description": answerer.description},
        "preflight": _exchange_dict(address.preflight),
        "request": _exchange_dict(address.actual),
        "problems": list(address.verdict.problems),
        "notes": list(address.verdict.notes),
    }


def _exchange_dict(exchange: Exchange | None) -> dict[str, Any] | None:
    if exchange is None:
        return None
    answer, failure = exchange.answer, exchange.failure
    return {
        "method": exchange.method,
        "sent": [list(pair) for pair in exchange.sent],
        "status": answer.status if answer else None,
        "reason": answer.reason if answer else None,
        "headers": [list(pair) for pair in answer.headers] if answer else None,
        "failure": None if failure is None else {"kind": failure.kind, "message": failure.words},
    }
