"""The seed story end to end over LSP, as a developer met it in VS Code: Flask on the story's port in
`backend/.flaskenv` and in a launch configuration, an Angular proxy to it, a firebase hosting emulator on
its default, and a stand-in AirPlay Receiver (a real process named ControlCenter) holding the port.

In a private network namespace the story runs on its real port 5000 (the server, the stand-in and
`portlint check` all join it); without one, on a free port, with the hosting emulator's port written out.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.fidelity.netns import Unavailable, net_namespace
from tests.holders import airplay_standin, free_port_both
from tests.seed_story import STORY_PORT, write_story

from .harness import WAIT, uri, wait_for_diagnostics
from .workspace_edit import apply_workspace_edit

pytestmark = pytest.mark.asyncio(loop_scope="function")

HELD = "port-held-by-foreign-process"
MESSAGE_LIMIT = 200


@dataclass
class Story:
    root: Path
    files: dict[str, Path]
    port: int
    prefix: Sequence[str]  # runs a command inside the story's network namespace, or nothing


@pytest.fixture
def story(tmp_path: Path) -> Iterator[Story]:
    """The story's files and a stand-in AirPlay holding the story's port (5000 in a namespace of its own)."""
    root = tmp_path / "story"
    with ExitStack() as stack:
        try:
            prefix: Sequence[str] = stack.enter_context(net_namespace()).prefix
            port, files = STORY_PORT, write_story(root)
        except Unavailable:
            prefix = ()
            port = free_port_both()
            files = write_story(root, port, hosting_port=port)
        stack.enter_context(airplay_standin(port, host="both", prefix=prefix))
        yield Story(root, files, port, prefix)


@asynccontextmanager
async def served(story: Story) -> AsyncIterator[LanguageClient]:
    command = [*story.prefix, sys.executable, "-m", "portlint", "serve"]
    client = await ClientServerConfig(server_command=command).start()
    assert isinstance(client, LanguageClient)

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: lsp.RegistrationParams) -> None:
        pass

    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=uri(story.root),
            workspace_folders=[lsp.WorkspaceFolder(uri=uri(story.root), name=story.root.name)],
            initialization_options={"settings": {"pollInterval": 100}},
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


def new_texts(edit: lsp.WorkspaceEdit) -> list[str]:
    changes = [e for edits in (edit.changes or {}).values() for e in edits]
    for change in edit.document_changes or []:
        if isinstance(change, lsp.TextDocumentEdit):
            changes += [e for e in change.edits if isinstance(e, lsp.TextEdit)]
    return [e.new_text for e in changes]


async def story_diagnostics(client: LanguageClient, story: Story) -> dict[str, Sequence[lsp.Diagnostic]]:
    """Every file's diagnostics once the held port is reported at the launch configuration, the hosting
    emulator and the proxy (a request after them: the server has published everything it had)."""
    for role in ("launch", "firebase", "proxy"):
        await wait_for_diagnostics(client, story.files[role], lambda ds: any(d.code == HELD for d in ds))
    await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="portlint.showPortMap"))
    return {role: client.diagnostics.get(uri(path), ()) for role, path in story.files.items()}


async def quick_fixes(client: LanguageClient, path: Path, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
    """The quick-fix menu at a diagnostic, as VS Code asks: every diagnostic of that place in the context."""
    at_place = [d for d in client.diagnostics.get(uri(path), ()) if d.range == diagnostic.range]
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri(path)),
            range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=at_place, only=[lsp.CodeActionKind.QuickFix]),
        )
    )
    return [action for action in actions or [] if isinstance(action, lsp.CodeAction)]


async def test_the_flaskenv_line_has_the_diagnostic(story: Story) -> None:
    async with served(story) as client:
        diagnostics = await story_diagnostics(client, story)
        flaskenv = diagnostics["flaskenv"]
        assert any(d.code == HELD and d.range.start.line == 1 for d in flaskenv), flaskenv


async def test_one_short_diagnostic_per_place_and_no_fix_title_twice(story: Story) -> None:
    async with served(story) as client:
        diagnostics = await story_diagnostics(client, story)
        assert sum(len(found) for found in diagnostics.values()) >= 3
        for role, found in diagnostics.items():
            places = [(d.range.start.line, d.range.start.character) for d in found]
            assert len(places) == len(set(places)), f"two diagnostics at one place in {role}: {found}"
            for diagnostic in found:
                assert len(diagnostic.message) <= MESSAGE_LIMIT, diagnostic.message
                if diagnostic.code == HELD:
                    assert "ControlCenter (pid" in diagnostic.message and "Way out:" in diagnostic.message
                titles = [action.title for action in await quick_fixes(client, story.files[role], diagnostic)]
                assert len(titles) == len(set(titles)), f"{role}: {titles}"


async def test_the_preferred_fix_applied_once_leaves_the_workspace_clean(story: Story) -> None:
    async with served(story) as client:
        diagnostics = await story_diagnostics(client, story)
        (held,) = [d for d in diagnostics["launch"] if d.code == HELD]
        (preferred,) = [a for a in await quick_fixes(client, story.files["launch"], held) if a.is_preferred]
        assert preferred.edit is not None
        new_ports = {int(port) for port in re.findall(r"\d+", " ".join(new_texts(preferred.edit)))}
        touched = {path.name for path in apply_workspace_edit(preferred.edit)}
        assert {"launch.json", ".flaskenv", "proxy.conf.json", "firebase.json"} <= touched, touched
        # The server sees the files change on disk; the held port's diagnostics go everywhere.
        for role in ("launch", "firebase", "proxy"):
            await wait_for_diagnostics(client, story.files[role], lambda ds: not any(d.code == HELD for d in ds))
    checked = subprocess.run(
        [*story.prefix, sys.executable, "-m", "portlint", "check", str(story.root), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=WAIT * 3,
    )
    findings = json.loads(checked.stdout)["findings"]
    severe = [f for f in findings if f["severity"] in ("error", "warning")]
    if not story.prefix:  # on a shared machine, only the story's port and the fix's new ports are ours to judge
        severe = [f for f in severe if f["port"] in new_ports | {story.port}]
    assert severe == [], severe
    assert story.port not in {c["port"] for c in json.loads(checked.stdout)["claims"]}


async def test_the_menu_lists_a_title_once_when_diagnostics_at_one_place_share_a_fix(story: Story) -> None:
    async with served(story) as client:
        diagnostics = await story_diagnostics(client, story)
        (held,) = [d for d in diagnostics["launch"] if d.code == HELD]
        # A client may hold two diagnostics of one place (one from an older report): one menu entry per title.
        twin = lsp.Diagnostic(range=held.range, message="older", source=held.source, code=held.code, data=held.data)
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri(story.files["launch"])),
                range=held.range,
                context=lsp.CodeActionContext(diagnostics=[held, twin]),
            )
        )
        titles = [a.title for a in actions or [] if isinstance(a, lsp.CodeAction)]
        assert titles and len(titles) == len(set(titles)), titles
