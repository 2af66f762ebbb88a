"""One module per LSP concern; each registers its handlers on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..server import PortlintServer


def register_all(server: PortlintServer) -> None:
    from . import (
        code_action,
        commands,
        configuration,
        cors_probe,
        documents,
        hover,
        lifecycle,
        trace,
        watched_files,
        workspace_folders,
    )

    for module in (
        trace,
        lifecycle,
        configuration,
        documents,
        watched_files,
        workspace_folders,
        hover,
        code_action,
        commands,
        cors_probe,
    ):
        module.register(server)
