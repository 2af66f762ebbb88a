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
_RULES = {
    codes.PORT_HELD_BY_FOREIGN_PROCESS: "A port a config names is held by a process that is not this workspace's.",
    codes.PORT_SPLIT_BETWEEN_LISTENERS: "Two processes listen on one port, so connections are split between them.",
    codes.LOCALHOST_RESOLVES_ELSEWHERE: "`localhost` resolves first to an address held by another process.",
    codes.PORT_CLAIMED_TWICE: "Two services of the workspace want the same port.",
    codes.PROXY_TARGET_MISMATCH: "A proxy target points at a port no service of the workspace listens on.",
    codes.BROWSER_RESTRICTED_PORT: "Browsers refuse to connect to this port.",
    codes.CONFIG_UNREADABLE: "A config file could not be read.",
    codes.CORS_DUPLICATE_ALLOW_ORIGIN: "A route will send two Access-Control-Allow-Origin values.",
    codes.CORS_WILDCARD_WITH_CREDENTIALS: "A credentialed request would get Access-Control-Allow-Origin: *.",
    codes.CORS_ORIGIN_NOT_ALLOWED: "The project's own dev-server origin is not among the allowed origins.",
    codes.CORS_HEADER_ADDED_BY_PROXY: "A proxy or hosting layer adds Access-Control-Allow-Origin a second time.",
}


def render_sarif(report: Report) -> str:
    rule_ids = list(_RULES)
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
                        "rules": [
                            {
                                "id": code,
                                "shortDescription": {"text": text},
                                "helpUri": codes.docs_url(code),
                            }
                            for code, text in _RULES.items()
                        ],
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
