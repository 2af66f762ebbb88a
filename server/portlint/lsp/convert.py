"""The one place core data becomes LSP data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ..core import codes

if TYPE_CHECKING:
    from ..core.model import Finding, Fix, Location, Position, Range

SOURCE = "portlint"
_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "information": lsp.DiagnosticSeverity.Information,
    "hint": lsp.DiagnosticSeverity.Hint,
}


def uri(path: str) -> str:
    return Path(path).as_uri()


def lsp_range(range_: Range) -> lsp.Range:
    return lsp.Range(
        start=lsp.Position(line=range_.start.line, character=range_.start.character),
        end=lsp.Position(line=range_.end.line, character=range_.end.character),
    )


def core_position(position: lsp.Position) -> Position:
    from ..core.model import Position

    return Position(position.line, position.character)


def lsp_location(location: Location) -> lsp.Location:
    return lsp.Location(uri=uri(location.file), range=lsp_range(location.range))


def diagnostic(finding: Finding) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=lsp_range(finding.location.range),
        severity=_SEVERITY[finding.severity.value],
        code=finding.code,
        code_description=lsp.CodeDescription(href=codes.docs_url(finding.code)),
        source=SOURCE,
        message=finding.message,
        related_information=[
            lsp.DiagnosticRelatedInformation(location=lsp_location(r.location), message=r.message)
            for r in finding.related
        ]
        or None,
        data={"port": finding.port, "fixes": [fix_data(fix) for fix in finding.fixes]} if finding.fixes else None,
    )


# ---- fixes travel in Diagnostic.data as plain JSON ---------------------------------------------------


def fix_data(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "preferred": fix.preferred,
        "edits": [
            {
                "uri": uri(e.file),
                "range": [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character],
                "newText": e.new_text,
                "create": e.create_file,
            }
            for e in fix.edits
        ],
    }


def workspace_edit(edits: list[dict[str, Any]]) -> lsp.WorkspaceEdit:
    """A WorkspaceEdit from a fix's edits: `documentChanges` when a file must be created first, else
    `changes` (which every client applies)."""
    by_uri: dict[str, list[lsp.TextEdit]] = {}
    created: list[str] = []
    for edit in edits:
        line, character, end_line, end_character = edit["range"]
        text_edit = lsp.TextEdit(
            range=lsp.Range(
                start=lsp.Position(line=line, character=character),
                end=lsp.Position(line=end_line, character=end_character),
            ),
            new_text=edit["newText"],
        )
        by_uri.setdefault(edit["uri"], []).append(text_edit)
        if edit.get("create") and edit["uri"] not in created:
            created.append(edit["uri"])
    if not created:
        return lsp.WorkspaceEdit(changes=by_uri)
    changes: list[Any] = [
        lsp.CreateFile(uri=u, options=lsp.CreateFileOptions(overwrite=False, ignore_if_exists=True)) for u in created
    ]
    changes += [
        lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=u, version=None),
            edits=list(text_edits),
        )
        for u, text_edits in by_uri.items()
    ]
    return lsp.WorkspaceEdit(document_changes=changes)
