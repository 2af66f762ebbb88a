"""Talking to `portlint mcp` the way an agent's host does: the MCP SDK's own stdio client, a real server
process, the initialize handshake, then tool calls."""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import mcp.types as types
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD = 120.0  # seconds for a whole session: start, handshake and every call

T = TypeVar("T")


def with_server(root: Path, scenario: Callable[[ClientSession], Awaitable[T]]) -> T:
    """Start `portlint mcp root`, initialize, run `scenario`, close stdin (the server then ends)."""

    async def main() -> T:
        parameters = StdioServerParameters(
            command=sys.executable,
            args=["-m", "portlint", "mcp", str(root)],
            env={"PYTHONPATH": os.environ.get("PYTHONPATH", str(REPO / "server"))},
            cwd=str(REPO),
        )
        with anyio.fail_after(HANG_GUARD):
            async with stdio_client(parameters) as (read, write), ClientSession(read, write) as session:
                initialized = await session.initialize()
                assert initialized.server_info.name == "portlint"
                return await scenario(session)

    return anyio.run(main)


async def call(session: ClientSession, tool: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
    """A tool's structured answer; fails the test when the tool reported an error."""
    result = await session.call_tool(tool, arguments or {})
    assert isinstance(result, types.CallToolResult)
    assert not result.is_error, _text(result)
    assert result.structured_content is not None
    return result.structured_content


async def refused(session: ClientSession, tool: str, arguments: dict[str, Any]) -> str:
    """The message of a call the tool refused (an error result, not a protocol error)."""
    result = await session.call_tool(tool, arguments)
    assert isinstance(result, types.CallToolResult)
    assert result.is_error, result.structured_content
    return _text(result)


def _text(result: types.CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, types.TextContent))
