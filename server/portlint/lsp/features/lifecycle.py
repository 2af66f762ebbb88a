"""initialize / initialized / shutdown: settings in, the editor watched, sessions up, everything stopped."""

from __future__ import annotations

import logging

from lsprotocol import types as lsp

from ..server import PortlintServer

log = logging.getLogger(__name__)


def register(server: PortlintServer) -> None:
    @server.feature(lsp.INITIALIZE)
    def initialize(ls: PortlintServer, params: lsp.InitializeParams) -> None:
        from .trace import follow_trace

        follow_trace(params.trace)
        ls.state.apply_settings(params.initialization_options)
        ls.watch_parent(params.process_id)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: PortlintServer, params: lsp.InitializedParams) -> None:
        if ls.state.started:
            return  # a second `initialized`: nothing starts twice
        await ls.state.start(ls.roots_from_initialize())
        await register_file_watching(ls)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: PortlintServer, params: None) -> None:
        ls.state.stop()


async def register_file_watching(ls: PortlintServer) -> None:
    """Ask the client to report config files changed outside the editor, when it can."""
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if not watched or not watched.dynamic_registration or ls.state.stopping:
        return
    from ...registry import watched_globs

    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        watchers=[lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in watched_globs()]
    )
    try:
        await ls.client_register_capability_async(
            lsp.RegistrationParams(
                registrations=[
                    lsp.Registration(
                        id="portlint-watched-files",
                        method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )
    except Exception as error:  # a client that refuses still gets watchdog's news
        log.info("portlint: the client did not take the file watch registration: %s", error)
