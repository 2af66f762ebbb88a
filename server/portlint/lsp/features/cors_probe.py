"""`portlint.probeCors`: the live CORS probe from the editor, and "Probe CORS" code lenses that run it on
proxy targets and Flask routes.

The command takes one object `{url, origin?, method?, headers?}` (headers: `{"Name": "value"}` or
`["Name: value", ...]`) and returns `{"result": <portlint probe --format json>, "summary": "..."}`; the
summary is also shown as a message, since a client running a lens command does not display results.
"""

from __future__ import annotations

import asyncio
import os
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..server import PortlintServer

if TYPE_CHECKING:  # imported when a lens or the probe runs: `initialize` does not wait for them
    from ...check import Report
    from ...core.model import Claim, Range

PROBE_CORS = "portlint.probeCors"
LENS_TITLE = "Probe CORS"
DEFAULT_ORIGIN = "http://localhost:4200"
_CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>")


def register(server: PortlintServer) -> None:
    @server.command(PROBE_CORS)
    async def probe_cors(ls: PortlintServer, *args: Any) -> dict[str, Any]:
        from ...probe.command import request_from
        from ...probe.http import ProbeRefused

        options = args[0] if args and isinstance(args[0], dict) else None
        if options is None or not isinstance(options.get("url"), str):
            raise ValueError(f"{PROBE_CORS} wants one argument {{url, origin?, method?, headers?}}")
        try:
            request = request_from(
                str(options.get("origin") or DEFAULT_ORIGIN),
                str(options.get("method") or "GET"),
                _header_lines(options.get("headers")),
                bool(options.get("credentials")),
            )
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(None, _probe, options["url"], request)
        except (ProbeRefused, ValueError) as error:
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"portlint: {error}"))
            raise
        return _answer(ls, result)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS, lsp.CodeLensOptions(resolve_provider=False))
    async def code_lens(ls: PortlintServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
        await ls.ready.wait()
        path = os.path.abspath(to_fs_path(params.text_document.uri) or params.text_document.uri)
        session = ls.session_for(path)
        report = ls.reports.get(session.root) if session is not None else None
        if report is None:
            return []
        lenses = proxy_lenses(report, path)
        if path.endswith(".py"):
            text = _document_text(ls, params.text_document.uri, path)
            if text is not None:
                lenses.extend(route_lenses(report, path, text))
        return lenses


def _document_text(ls: PortlintServer, uri: str, path: str) -> str | None:
    """The editor's text of an open document, else the file's, read as every workspace file is (pygls would
    read a link to /dev/zero for ever); None when it cannot be read."""
    from ...readers.disk import read_regular_file

    document = ls.workspace.text_documents.get(unquote(uri))  # keyed as pygls's get_text_document does
    if document is not None:
        return str(document.source)
    data = read_regular_file(path)
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else None


def _probe(url: str, request: Any) -> Any:
    from ...probe.http import probe

    return probe(url, request)


def _answer(ls: PortlintServer, result: Any) -> dict[str, Any]:
    from ...probe.command import probe_dict, render_probe_text

    summary = render_probe_text(result)
    kind = lsp.MessageType.Info if result.ok else lsp.MessageType.Warning
    ls.window_show_message(lsp.ShowMessageParams(type=kind, message=summary.rstrip()))
    return {"result": probe_dict(result), "summary": summary}


def _header_lines(headers: Any) -> list[str]:
    if headers is None:
        return []
    if isinstance(headers, dict):
        return [f"{name}: {value}" for name, value in headers.items()]
    if isinstance(headers, list):
        return [f"{h[0]}: {h[1]}" if isinstance(h, list) and len(h) == 2 else str(h) for h in headers]
    raise ValueError("headers must be an object {name: value} or a list of 'Name: value' strings")


# ---- lenses ----------------------------------------------------------------------------------------


def page_origin(report: Report) -> str:
    """The origin of the page that calls the API: the workspace's Angular dev server, else the default."""
    for claim in report.claims:
        if claim.tool.value == "angular" and claim.role.value == "listen":
            host = claim.host if claim.host not in ("0.0.0.0", "::", "") else "localhost"
            host = f"[{host}]" if ":" in host else host
            return f"http://{host}:{claim.port}"
    return DEFAULT_ORIGIN


def proxy_lenses(report: Report, path: str) -> list[lsp.CodeLens]:
    """A lens on every proxy target of this file whose URL is a loopback http(s) URL."""
    from ...probe.http import ProbeRefused, parse_target

    lenses = []
    origin = page_origin(report)
    for claim in report.claims:
        if claim.role.value != "connect" or claim.location.file != path or not claim.target:
            continue
        try:
            parse_target(claim.target)
        except ProbeRefused:
            continue  # not a loopback URL: the probe would refuse it
        lenses.append(_lens(claim.location.range, claim.target, {"url": claim.target, "origin": origin}))
    return lenses


def route_lenses(report: Report, path: str, text: str) -> list[lsp.CodeLens]:
    """A lens on every Flask route of this file, probing it on the port the workspace runs Flask on."""
    try:
        from ...tools.flask.cors_reader import parse_flask_cors
    except ImportError:  # the Flask CORS reader is not there: lenses on proxy targets only
        return []
    try:
        module = parse_flask_cors(path, text)
    except Exception:  # a half-typed file must not take the lenses down
        return []
    claim = _flask_claim(report, path)
    if module is None or claim is None:
        return []
    prefixes = {target.key: target.url_prefix or "" for target in module.targets}
    for registration in module.registrations:
        if registration.imported_from is None and registration.url_prefix:
            prefixes[registration.blueprint] = registration.url_prefix
    origin = page_origin(report)
    lenses = []
    for route in module.routes:
        rule = _join(prefixes.get(route.target, ""), route.rule)
        url = f"http://localhost:{claim.port}{_sample_path(rule)}"
        methods = [m for m in route.methods or ("GET",) if m not in ("HEAD", "OPTIONS")] or ["GET"]
        arguments: dict[str, Any] = {"url": url, "origin": origin, "method": methods[0]}
        if methods[0] not in ("GET", "HEAD"):
            arguments["headers"] = {"Content-Type": "application/json"}  # what Angular's HttpClient sends
        lenses.append(_lens(route.location.range, f"{methods[0]} {url}", arguments))
    return lenses


def _flask_claim(report: Report, path: str) -> Claim | None:
    """The port Flask serves this file's app on: a claim made in this file first, else any Flask claim."""
    flask = [c for c in report.claims if c.tool.value == "flask" and c.role.value == "listen"]
    return next((c for c in flask if c.location.file == path), flask[0] if flask else None)


def _join(prefix: str, rule: str) -> str:
    if not prefix:
        return rule if rule.startswith("/") else f"/{rule}"
    return prefix.rstrip("/") + "/" + rule.lstrip("/")


def _sample_path(rule: str) -> str:
    """The rule with each `<converter:name>` replaced by a value it accepts."""

    def sample(match: re.Match[str]) -> str:
        return "1" if match.group(1) in ("int", "float") else "x"

    return _CONVERTER.sub(sample, rule)


def _lens(where: Range, shown: str, arguments: dict[str, Any]) -> lsp.CodeLens:
    start, end = where.start, where.end
    return lsp.CodeLens(
        range=lsp.Range(lsp.Position(start.line, start.character), lsp.Position(end.line, end.character)),
        command=lsp.Command(title=LENS_TITLE, command=PROBE_CORS, arguments=[arguments]),
        data={"target": shown},
    )
