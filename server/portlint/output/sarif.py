"""SARIF 2.1.0 for code-scanning tools. Columns are UTF-16 code units, SARIF's default, like LSP's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import __version__
from ..check import Report
from ..core import codes
from ..core.model import Location, Range, Severity
from .common import rel
from .safe import dump_json, uri_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "note", Severity.HINT: "note"}
_LEVEL_OF = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}


def rules() -> list[dict[str, Any]]:
    """One rule per finding code, from the codes table: descriptions, help text, help URI, default level."""
    return [
        {
            "id": code.id,
            "name": "".join(word.capitalize() for word in code.id.split("-")),
            "shortDescription": {"text": code.title},
            "fullDescription": {"text": code.description},
            "help": {
                "text": f"{code.description} Details and the way out: {codes.docs_url(code.id)}",
                "markdown": f"{code.description}\n\n[Details and the way out]({codes.docs_url(code.id)})",
            },
            "helpUri": codes.docs_url(code.id),
            "defaultConfiguration": {"level": _LEVEL_OF[code.severity]},
        }
        for code in codes.CODES
    ]


def render_sarif(report: Report) -> str:
    rule_ids = list(codes.ALL_CODES)
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": rule_ids.index(f.code),
            "level": _LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.location, report)],
            **({"properties": {"port": f.port}} if f.port is not None else {}),
            "relatedLocations": [
                {**_location(r.location, report), "id": i, "message": {"text": r.message}}
                for i, r in enumerate(f.related)
            ],
            "fixes": [
                {
                    "description": {"text": fix.title},
                    "artifactChanges": [
                        {
                            "artifactLocation": _artifact(e.file, report),
                            "replacements": [
                                {"deletedRegion": _region(e.range), "insertedContent": {"text": e.new_text}}
                            ],
                        }
                        for e in fix.edits
                    ],
                }
                for fix in f.fixes
                if fix.edits
            ],
        }
        for f in report.findings
    ]
    log: dict[str, Any] = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "portlint",
                        "version": __version__,
                        "informationUri": codes.DOCS_URL.rstrip("#"),
                        "rules": rules(),
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": Path(report.root).as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return dump_json(log)


def _artifact(path: str, report: Report) -> dict[str, Any]:
    """A proper URI: relative to SRCROOT and percent-encoded, or a file URI outside the root."""
    relative = rel(report, path)
    if relative == path:  # outside the root
        return {"uri": Path(path).as_uri()}
    return {"uri": uri_path(relative), "uriBaseId": "SRCROOT"}


def _location(location: Location, report: Report) -> dict[str, Any]:
    artifact = _artifact(location.file, report)
    return {"physicalLocation": {"artifactLocation": artifact, "region": _region(location.range)}}


def _region(range_: Range) -> dict[str, int]:
    return {
        "startLine": range_.start.line + 1,
        "startColumn": range_.start.character + 1,
        "endLine": range_.end.line + 1,
        "endColumn": range_.end.character + 1,
    }
