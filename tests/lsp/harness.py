"""A real language-server process driven by a real LSP client (pytest-lsp) with VS Code's capabilities."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "portlint", "serve"]
WAIT = 20.0  # seconds: a bound on waiting for the server's event, never a pause


def uri(path: Path | str) -> str:
    return Path(path).as_uri()


@asynccontextmanager
async def running_server(
    root: Path,
    options: dict[str, Any] | None = None,
    capabilities: lsp.ClientCapabilities | None = None,
) -> AsyncIterator[LanguageClient]:
    client = await ClientServerConfig(server_command=SERVER).start()
    assert isinstance(client, LanguageClient)
    client.registrations: list[lsp.Registration] = []  # type: ignore[misc]

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: lsp.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    client.initialize_result = await client.initialize_session(  # type: ignore[attr-defined]
        lsp.InitializeParams(
            capabilities=capabilities or client_capabilities("visual-studio-code"),
            root_uri=uri(root),
            workspace_folders=[lsp.WorkspaceFolder(uri=uri(root), name=root.name)],
            initialization_options=options or {"settings": {"pollInterval": 100}},
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


async def wait_for_diagnostics(
    client: LanguageClient,
    path: Path,
    done: Callable[[Sequence[lsp.Diagnostic]], bool],
) -> Sequence[lsp.Diagnostic]:
    """Wait until the diagnostics published for `path` satisfy `done` (other files' news wakes us too)."""
    target = uri(path)

    async def until() -> Sequence[lsp.Diagnostic]:
        while True:
            current = client.diagnostics.get(target)
            if current is not None and done(current):
                return current
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(until(), WAIT)


def codes_of(diagnostics: Sequence[lsp.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


def has(code: str) -> Callable[[Sequence[lsp.Diagnostic]], bool]:
    return lambda diagnostics: code in codes_of(diagnostics)


def lacks(code: str) -> Callable[[Sequence[lsp.Diagnostic]], bool]:
    return lambda diagnostics: code not in codes_of(diagnostics)
