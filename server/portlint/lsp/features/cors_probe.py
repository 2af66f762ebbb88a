"""`portlint.probeCors`: the live CORS probe from the editor, and "Probe CORS" code lenses that run it on
proxy targets and Flask routes.

The command takes one object `{url, origin?, method?, headers?}` (headers: `{"Name": "value"}` or
`["Name: value", ...]`) and returns `{"result": <portlint probe --format json>, "summary": "..."}`; the
summary is also shown as a message, since a client running a lens command does not display results.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ...probe.request import DEFAULT_ORIGIN, header_lines, request_from
from ..off_loop import off_loop
from ..server import PortlintServer

if TYPE_CHECKING:  # imported when a lens or the probe runs: `initialize` does not wait for them
    from ...check import Report
    from ...core.model import Claim, Range

PROBE_CORS = "portlint.probeCors"
LENS_TITLE = "Probe CORS"
_CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>")


def register(server: PortlintServer) -> None:
    @server.command(PROBE_CORS)
    async def probe_cors(ls: PortlintServer, *args: Any) -> dict[str, Any]:
        from ...probe.http import probe
        from ...probe.target import ProbeRefused

        options = args[0] if args and isinstance(args[0], dict) else None
        if options is None or not isinstance(options.get("url"), str):
            raise ValueError(f"{PROBE_CORS} wants one argument {{url, origin?, method?, headers?}}")
        try:
            request = request_from(
                str(options.get("origin") or DEFAULT_ORIGIN),
                str(options.get("method") or "GET"),
                header_lines(options.get("headers")),
                bool(options.get("credentials")),
            )
            result = await off_loop(probe, options["url"], request)  # `exit` does not wait for it
        except (ProbeRefused, ValueError) as error:
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"portlint: {error}"))
            raise
        return _answer(ls, result)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS, lsp.CodeLensOptions(resolve_provider=False))
    async def code_lens(ls: PortlintServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
        await ls.state.settled()
        path = os.path.abspath(to_fs_path(params.text_document.uri) or params.text_document.uri)
        report = ls.state.report_for(path)
        if report is None:
            return []
        lenses = proxy_lenses(report, path)
        session = ls.state.session_for(path)
        if session is not None and path.endswith(".py"):
            lenses.extend(route_lenses(report, path, session.facts_of(path)))  # read when the file was
        return lenses


def _answer(ls: PortlintServer, result: Any) -> dict[str, Any]:
    from ...probe.report import probe_dict, render_probe_text

    summary = render_probe_text(result)
    kind = lsp.MessageType.Info if result.ok else lsp.MessageType.Warning
    ls.window_show_message(lsp.ShowMessageParams(type=kind, message=summary.rstrip()))
    return {"result": probe_dict(result), "summary": summary}


# ---- lenses ----------------------------------------------------------------------------------------


def page_origin(report: Report) -> str:
    """The origin of the page that calls the API: the workspace's front-end dev server, else the default."""
    from ...core.model import Part, Role

    for claim in report.claims:
        if claim.part is Part.FRONTEND and claim.role is Role.LISTEN:
            host = claim.host if claim.host not in ("0.0.0.0", "::", "") else "localhost"
            host = f"[{host}]" if ":" in host else host
            return f"http://{host}:{claim.port}"
    return DEFAULT_ORIGIN


def proxy_lenses(report: Report, path: str) -> list[lsp.CodeLens]:
    """A lens on every proxy target of this file whose URL is a loopback http(s) URL."""
    from ...probe.target import ProbeRefused, parse_target

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


def route_lenses(report: Report, path: str, facts: Sequence[object]) -> list[lsp.CodeLens]:
    """A lens on every Flask route of this file (its facts, as the session last read them), probing it on
    the port the workspace runs Flask on."""
    from ...tools.flask.cors_facts import CorsModule

    module = next((fact for fact in facts if isinstance(fact, CorsModule)), None)
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
    """The port Flask serves this file's app on: a claim made in this file first, else any backend claim."""
    from ...core.model import Part, Role

    flask = [c for c in report.claims if c.part is Part.BACKEND and c.role is Role.LISTEN]
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
