"""The MCP server: five tools over stdio, built on the official MCP Python SDK (`mcp` on PyPI).

The only module that imports the SDK, and only `portlint mcp` imports it, so `portlint check` does not pay
for it. Every call checks the workspace afresh (configs and who listens now), as `portlint check` would, and
answers from that one report. Read-only unless `free_port` is called with `apply: true`; no tool ever
signals a process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from .. import __version__
from ..check import check_workspace
from ..core.report import Report
from ..output.common import rel
from .answers import check_answer, holders_answer, ports_answer
from .cors import probe_answer
from .edits import EditRefused, apply_edits
from .switch import SwitchRefused, plan_answer, plan_switch

INSTRUCTIONS = """portlint knows which ports this project's dev servers want (Flask, Angular, firebase emulators, \
nginx), who holds each port right now, and whether that holder is one of this project's processes ("ours") or \
"foreign". Ask it before starting a dev server, and never free a port by killing whatever listens on it: call \
who_holds to learn who that is, and free_port to get (and, with apply, make) the edits that move this project's \
service to a free port instead. check lists every problem with its fixes; probe_cors asks a loopback server the \
CORS questions a browser would."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
EDITS_FILES = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False)
PROBES = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

Port = Annotated[int, Field(ge=1, le=65535, description="a TCP port number")]


def create_server(
    root: str, environ: Mapping[str, str] | None = None, is_free: Callable[[int], bool] | None = None
) -> MCPServer:
    """The server for the workspace at `root`; `is_free` is the bind test behind free_port (the real one)."""
    root = os.path.abspath(root)
    environment = dict(os.environ if environ is None else environ)
    if is_free is None:
        from ..system.bind import is_free as bind_test

        is_free = bind_test
    bind_free = is_free
    server: MCPServer = MCPServer("portlint", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    def report() -> Report:
        return check_workspace(root, live=True, environ=environment)

    @server.tool(annotations=READ_ONLY)
    def list_ports() -> dict[str, Any]:
        """Every port this project's configs name (each claim: service, tool, listen or connect, host, the
        file and range that decide it) with who holds that port now and whether the holder is ours or
        foreign."""
        return ports_answer(report())

    @server.tool(annotations=READ_ONLY)
    def check() -> dict[str, Any]:
        """The problems portlint finds in this project (code, severity, message, file, range), each with
        its fixes; "Switch to free port N" carries the exact edits."""
        return check_answer(report())

    @server.tool(annotations=READ_ONLY)
    def who_holds(port: Port) -> dict[str, Any]:
        """Who listens on a port now: process, pid, user, command line, ours (runs from this project) or
        foreign, which services of this project want the port, and the way out. Never stop a foreign
        holder yourself."""
        return holders_answer(report(), port)

    @server.tool(annotations=EDITS_FILES)
    def free_port(
        port: Port,
        service: Annotated[
            str | None, Field(description="the service to move, as list_ports names it, when several use the port")
        ] = None,
        apply: Annotated[
            bool, Field(description="make the edits in the project's files (default: only say what they are)")
        ] = False,
    ) -> dict[str, Any]:
        """The free port the "Switch to free port N" fix picks for the service that listens on `port`, and the
        exact edits (file, range, new text) that move it there. Changes files only with apply: true, and
        only inside this project."""
        current = report()
        try:
            plan = plan_switch(current, port, service, bind_free)
        except SwitchRefused as refusal:
            raise ToolError(str(refusal)) from None
        answer = {**plan_answer(plan, current), "applied": False, "changed": []}
        if apply:
            if not plan.edits:
                raise ToolError(f"nothing to apply for port {port}: {plan.reason}")
            try:
                changed = apply_edits(current.root, plan.edits)
            except EditRefused as refusal:
                raise ToolError(str(refusal)) from None
            answer.update(applied=True, changed=[rel(current, path) for path in changed])
        return answer

    @server.tool(annotations=PROBES)
    def probe_cors(
        url: Annotated[
            str, Field(description="a loopback URL: localhost, 127.0.0.0/8 or ::1, e.g. http://localhost:5000/api")
        ],
        origin: Annotated[
            str | None, Field(description="the calling page's origin (default: http://localhost:4200)")
        ] = None,
    ) -> dict[str, Any]:
        """A browser's fetch() of a loopback URL from a page's origin, on every address the host resolves to,
        judged by the Fetch standard's CORS rules. Other hosts are refused before anything is sent."""
        try:
            return probe_answer(url, origin)
        except ValueError as refusal:  # ProbeRefused included: nothing was sent
            raise ToolError(str(refusal)) from None

    return server


def serve(root: str) -> int:
    """Serve the workspace at `root` on stdin/stdout until the client closes stdin."""
    create_server(root).run("stdio")
    return 0
