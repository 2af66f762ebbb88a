"""Quick fixes. Each fix travelled in its diagnostic's `data`, so nothing is analysed again here."""

from __future__ import annotations

from typing import Any

from lsprotocol import types as lsp

from ..convert import SOURCE, workspace_edit  # small; core.model comes with it
from ..server import PortlintServer


def register(server: PortlintServer) -> None:
    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=False),
    )
    def code_action(ls: PortlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        actions: dict[str, lsp.CodeAction] = {}  # by title: the menu lists each fix once
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE or not isinstance(diagnostic.data, dict):
                continue
            for fix in diagnostic.data.get("fixes", []):
                action = _action(fix, diagnostic)
                if action is None:
                    continue
                known = actions.get(action.title)
                if known is None:
                    actions[action.title] = action
                else:  # one fix for several diagnostics at this place
                    known.diagnostics = [*(known.diagnostics or ()), diagnostic]
        return list(actions.values())


def _action(fix: Any, diagnostic: lsp.Diagnostic) -> lsp.CodeAction | None:
    if not isinstance(fix, dict) or not fix.get("edits"):
        return None  # advice without an edit (switch off AirPlay Receiver) is in the message
    try:
        edit = workspace_edit(fix["edits"])
    except (KeyError, TypeError, ValueError):
        return None  # data from another server version
    return lsp.CodeAction(
        title=str(fix.get("title", "Fix")),
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=bool(fix.get("preferred")),
        edit=edit,
    )
