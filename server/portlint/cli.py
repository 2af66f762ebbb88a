"""The command line: `portlint check`, `portlint ports`, `portlint serve`, `portlint probe`, `portlint mcp`.

Exit codes: 0 nothing at or above the fail level, 1 something is, 2 a usage or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .check import Report
    from .workspace.child_scan import ChildScan

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"portlint: error: {message}\n")


# The commands, in the order help lists them, with their one line of help.
COMMANDS = {
    "check": "report port problems in a workspace",
    "ports": "every port the configs name and who holds it now",
    "serve": "run the language server (stdio, or --tcp HOST:PORT)",
    "probe": "send a browser's CORS preflight and request to a loopback URL, on every address",
    "mcp": "serve the report to coding agents: a Model Context Protocol server (stdio)",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `command`, only that command's options are added (the others keep their line
    of help): each option costs argparse a help formatter, ≈ 3 ms of a cold `portlint check` for them all."""
    parser = _Parser(
        prog="portlint",
        description="Dev-server configs beside who really listens on their ports.",
    )
    parser.add_argument("--version", action="version", version=f"portlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, summary in COMMANDS.items():
        if command in (None, name):
            _ADD_OPTIONS[name](commands, summary)
        else:
            commands.add_parser(name, help=summary)
    return parser


def _add_check(commands: Any, summary: str) -> None:
    check = commands.add_parser("check", help=summary)
    check.add_argument("path", nargs="?", default=".", help="workspace folder (default: .)")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument("--no-live", action="store_true", help="read the configs only; do not look at listeners")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="exit 1 when a finding is at or above this severity (default: error)",
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")


def _add_ports(commands: Any, summary: str) -> None:
    ports = commands.add_parser("ports", help=summary)
    ports.add_argument("path", nargs="?", default=".", help="workspace folder (default: .)")
    ports.add_argument("--format", choices=("text", "json"), default="text")
    ports.add_argument("--no-live", action="store_true", help="read the configs only; do not look at listeners")


def _add_serve(commands: Any, summary: str) -> None:
    serve = commands.add_parser("serve", help=summary)
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen for one client on this address instead of stdio")
    serve.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="warning")


def _add_probe(commands: Any, summary: str) -> None:
    from .probe.command import add_probe_parser

    add_probe_parser(commands, summary)


def _add_mcp(commands: Any, summary: str) -> None:
    mcp = commands.add_parser("mcp", help=summary)
    mcp.add_argument("path", nargs="?", default=".", help="workspace folder (default: .)")


_ADD_OPTIONS: dict[str, Callable[[Any, str], None]] = {
    "check": _add_check,
    "ports": _add_ports,
    "serve": _add_serve,
    "probe": _add_probe,
    "mcp": _add_mcp,
}


def run() -> NoReturn:
    """The `portlint` program (the installed script, `python -m portlint`): `main` in a process of its own."""
    code = main(own_process=True)
    if _command(sys.argv[1:]) in _ONE_SHOT:
        _exit_now(code)
    sys.exit(code)


_ONE_SHOT = frozenset({"check", "ports"})  # the commands that scan and end


def _exit_now(code: int) -> NoReturn:
    """End at once once the output is out, as mypy does: an interpreter's exit would first collect and free
    every object of the scan one by one (≈ 25 ms of a 190 ms `check` of 10,000 Python files, bench/README.md),
    and nothing of a check is left to finish."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # none under pythonw
                stream.flush()
    except BrokenPipeError:
        pass  # the reader went away (`portlint check | head`): as `main` treats it, not an error
    except (OSError, ValueError):
        code = EXIT_ERROR  # output that could not be written
    os._exit(code)


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """One command; `own_process`: this process ends after it (`run`), so its memory may be kept longer."""
    words = sys.argv[1:] if argv is None else list(argv)
    command = _command(words)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.command == "serve":
        return _serve(args)
    if args.command == "probe":
        from .probe.command import run_probe

        return run_probe(args)
    root = os.path.abspath(args.path)
    if not os.path.isdir(root):
        from .output.safe import printable

        print(f"portlint: error: {printable(args.path)} is not a folder", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.command == "mcp":
            return _mcp(root)
        if own_process:
            _collect_rarely()
        if args.command == "check":
            return _check(args, root)
        return _ports(args, root)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # an internal error: say so clearly, never a bare traceback
        from .output.safe import printable

        print(f"portlint: internal error: {type(error).__name__}: {printable(str(error))}", file=sys.stderr)
        if os.environ.get("PORTLINT_DEBUG"):
            raise
        return EXIT_ERROR


def _command(words: Sequence[str]) -> str | None:
    return next((word for word in words if not word.startswith("-")), None)  # no top-level option takes a value


def _collect_rarely() -> None:
    """A scan allocates objects that live until the command ends (the files, their facts, the imported
    modules' classes): at Python's default thresholds the cycle collector runs ~180 times over them, ≈ 30 ms
    of a 250 ms `check` of 10,000 Python files (bench/README.md). A process that ends after one command can
    collect rarely, as mypy does; the child scan inherits it."""
    gc.set_threshold(200_000, 30, 30)


def _check(args: argparse.Namespace, root: str) -> int:
    child = _start_scan(root)
    render = _check_renderer(args)  # imported while the child walks
    from .check import check_workspace
    from .output.safe import write_out

    report = check_workspace(root, live=not args.no_live, environ=os.environ, child=child)
    write_out(render(report))
    if args.fail_on == "never":
        return EXIT_OK
    from .core.model import Severity

    threshold = Severity(args.fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in report.findings) else EXIT_OK


def _check_renderer(args: argparse.Namespace) -> Callable[[Report], str]:
    """The report in the format asked for."""
    if args.format == "json":
        from .output.json_report import render_json

        return render_json
    if args.format == "sarif":
        from .output.sarif import render_sarif

        return render_sarif
    from .output.text import render_text

    colour = _colour(args.color)
    return lambda report: render_text(report, colour=colour)


def _ports(args: argparse.Namespace, root: str) -> int:
    child = _start_scan(root)
    from .check import check_workspace

    report = check_workspace(root, live=not args.no_live, environ=os.environ, child=child)
    from .output.safe import write_out  # after the check: the walk needs no output module

    if args.format == "json":
        from .output.json_report import render_json

        write_out(render_json(report))
    else:
        from .output.ports_table import render_ports_text

        write_out(render_ports_text(report))
    return EXIT_OK


def _start_scan(root: str) -> ChildScan | None:
    """The walk and reads started on the other core before this process imports the rest (child_scan.py)."""
    from .workspace.child_scan import start_child_scan

    return start_child_scan(root)


def _mcp(root: str) -> int:
    try:
        from .mcp.server import serve  # the MCP SDK loads only here
    except ImportError as error:
        print(
            f"portlint: error: `portlint mcp` needs the MCP SDK: pip install 'portlint[mcp]' ({error})", file=sys.stderr
        )
        return EXIT_ERROR
    return serve(root)


def _serve(args: argparse.Namespace) -> int:
    import logging

    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    tcp = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            print(f"portlint: error: --tcp wants HOST:PORT, got {args.tcp!r}", file=sys.stderr)
            return EXIT_ERROR
        tcp = (host.strip("[]"), int(port))
    from .lsp.app import create_server

    server = create_server()
    try:
        if tcp is not None:
            server.start_tcp(*tcp)
        else:
            server.start_io()
    except OSError as error:  # the address is taken or not ours to listen on
        print(f"portlint: error: cannot serve on {args.tcp}: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        server.stop_background()  # stdin closed or `exit` without `shutdown`: stop the threads too
    # The protocol: exit code 0 after `shutdown`, 1 when the client left without it.
    _end_now(EXIT_OK if server.shut_down else 1)
    return EXIT_ERROR  # not reached


def _end_now(code: int) -> None:
    """End the process without waiting for threads: a walk of a huge tree or a CORS probe may still run,
    and `exit` promises the process is gone at once."""
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # `exit` closed stdout already
            stream.flush()
    os._exit(code)


def _colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
