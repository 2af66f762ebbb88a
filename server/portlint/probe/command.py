"""`portlint probe URL`: a browser's fetch() against a loopback server, on every address, judged by Fetch.

Exit codes: 0 every address something listens on passes the CORS check; 1 one does not (or nothing listens
at all); 2 the target was refused (not loopback) or the arguments are wrong. Nothing is sent on exit 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the probe's modules load only when `probe` runs: `portlint check` starts faster
    from .fetch_rules import CorsRequest
    from .http import AddressProbe, Exchange, ProbeResult

EXIT_PASS, EXIT_FAIL, EXIT_REFUSED = 0, 1, 2
DEFAULT_ORIGIN = "http://localhost:4200"  # the Angular dev server's, the page that usually calls the API
DEFAULT_TIMEOUT = 3.0  # seconds for each exchange, from connecting to the answer's last header
JSON_VERSION = 1
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP header name (RFC 9110 token)


def add_probe_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `probe` on the subparsers of `portlint`'s parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "probe",
        help="send a browser's CORS preflight and request to a loopback URL, on every address",
        description="Probe a loopback URL the way a browser's fetch() would, on each address its host resolves "
        "to, and judge the answers by the Fetch standard's CORS rules. Only localhost, 127.0.0.0/8 and ::1.",
    )
    parser.add_argument("url", help="e.g. http://localhost:5000/api/items")
    parser.add_argument(
        "--origin", default=DEFAULT_ORIGIN, help=f"the calling page's origin (default: {DEFAULT_ORIGIN})"
    )
    parser.add_argument("--method", default="GET", help="the request's method (default: GET)")
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="a header the page's script sets, e.g. 'Content-Type: application/json' (repeatable)",
    )
    parser.add_argument("--credentials", action="store_true", help='as fetch(..., {credentials: "include"})')
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds for each exchange, from connecting to the last header of the answer (default: 3)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def run_probe(args: argparse.Namespace) -> int:
    from .http import ProbeRefused, probe

    try:
        request = request_from(args.origin, args.method, args.header, args.credentials)
        if not 0 < args.timeout <= 60:
            raise ValueError("--timeout must be between 0 and 60 seconds")
        result = probe(args.url, request, timeout=args.timeout)
    except ProbeRefused as refusal:
        print(f"portlint: {refusal}", file=sys.stderr)
        return EXIT_REFUSED
    except ValueError as error:
        print(f"portlint: error: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if args.format == "json":
        sys.stdout.write(json.dumps(probe_dict(result), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_probe_text(result))
    return EXIT_PASS if result.ok else EXIT_FAIL


def request_from(origin: str, method: str, headers: list[str], credentials: bool) -> CorsRequest:
    """The request a page would make; ValueError for an origin, method or header a page cannot send."""
    from .fetch_rules import CorsRequest, is_forbidden_request_header, normalise_method, serialise_origin

    pairs: list[tuple[str, str]] = []
    for header in headers:
        name, colon, value = header.partition(":")
        name, value = name.strip(" \t"), value.strip(" \t")
        if not colon or _TOKEN.fullmatch(name) is None:
            raise ValueError(f"--header wants 'Name: value', got {header!r}")
        if is_forbidden_request_header(name):
            raise ValueError(f"a page cannot set the {name} header; the browser owns it")
        if any(ch in value for ch in "\r\n\0"):
            raise ValueError(f"the {name} header's value holds a line break or NUL; fetch() refuses it")
        if not all(ord(ch) < 256 for ch in value):
            raise ValueError(f"the {name} header's value has characters outside Latin-1; fetch() refuses them")
        pairs.append((name, value))
    method = method.strip()
    if not method or not method.isascii() or not method.replace("-", "").isalnum():
        raise ValueError(f"--method wants an HTTP method, got {method!r}")
    if normalise_method(method).upper() in ("CONNECT", "TRACE", "TRACK"):
        raise ValueError(f"fetch() refuses the method {method}")
    serialised = serialise_origin(origin)
    if not (serialised.isascii() and serialised.isprintable()) or " " in serialised:
        raise ValueError(f"{origin!r} is not an origin like http://localhost:4200")
    return CorsRequest(serialised, normalise_method(method), tuple(pairs), credentials)


# ---- output ----------------------------------------------------------------------------------------


def render_probe_text(result: ProbeResult) -> str:
    from .fetch_rules import preflight_needed

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
        sentence += (
            " Switch off macOS's AirPlay Receiver (System Settings → General → AirDrop & Handoff) or use another port."
        )
    if result.ok and len(result.addresses) > 1 and all(not a.refused for a in result.addresses):
        sentence = f"Every address of {where} passes."
    return sentence


def probe_dict(result: ProbeResult) -> dict[str, Any]:
    """The versioned JSON form of a probe (README: "portlint probe")."""
    from .fetch_rules import preflight_needed

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
