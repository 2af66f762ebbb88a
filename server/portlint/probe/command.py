"""`portlint probe URL` (the command line only: arguments and printing; the probe is `http`, `request`
and `report`): a browser's fetch() against a loopback server, on every address, judged by Fetch.

Exit codes: 0 every address something listens on passes the CORS check; 1 one does not (or nothing listens
at all); 2 the target was refused (not loopback) or the arguments are wrong. Nothing is sent on exit 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .request import DEFAULT_ORIGIN, DEFAULT_TIMEOUT  # small: the probe's own modules load only when it runs

EXIT_PASS, EXIT_FAIL, EXIT_REFUSED = 0, 1, 2


def add_probe_parser(subparsers: Any, summary: str) -> argparse.ArgumentParser:
    """Register `probe` on the subparsers of `portlint`'s parser (`summary`: its line in the command list)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "probe",
        help=summary,
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
    import json

    from .http import probe
    from .report import probe_dict, render_probe_text
    from .request import request_from
    from .target import ProbeRefused

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
