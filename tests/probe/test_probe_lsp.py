"""The probe from the editor: "Probe CORS" lenses on a proxy target and a Flask route, and the
`portlint.probeCors` command they run, against a real Flask app, through a real language-server process."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp

from tests.lsp.harness import WAIT, running_server, uri

from .servers import flask_app, raw_server
from .test_probe_bounds import Trickle

pytestmark = [pytest.mark.asyncio(loop_scope="function"), pytest.mark.live]

APP = """from flask import Blueprint, Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app)
bp = Blueprint("x", __name__, url_prefix="/api/x")


@bp.route("/<int:item>", methods=["POST"])
def item(item):
    return {{"item": item}}


app.register_blueprint(bp)


if __name__ == "__main__":
    app.run(port={port})
"""


def workspace(root: Path, port: int) -> tuple[Path, Path]:
    serve = {"builder": "@angular/build:dev-server", "options": {"proxyConfig": "proxy.conf.json"}}
    angular = {"version": 1, "projects": {"web": {"architect": {"serve": serve}}}}
    (root / "angular.json").write_text(json.dumps(angular, indent=2))
    proxy = root / "proxy.conf.json"
    proxy.write_text(json.dumps({"/api": {"target": f"http://127.0.0.1:{port}"}}, indent=2))
    app = root / "app.py"
    app.write_text(APP.format(port=port))
    return proxy, app


async def lenses(client: Any, path: Path) -> list[lsp.CodeLens]:
    result = await client.text_document_code_lens_async(
        lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri(path)))
    )
    return list(result or [])


async def test_lenses_run_the_probe_command(tmp_path: Path) -> None:
    with flask_app("cors") as port:
        proxy, app = workspace(tmp_path, port)
        async with running_server(tmp_path) as client:
            capabilities = client.initialize_result.capabilities  # type: ignore[attr-defined]
            assert "portlint.probeCors" in capabilities.execute_command_provider.commands
            assert capabilities.code_lens_provider is not None

            (on_proxy,) = await lenses(client, proxy)
            assert on_proxy.command is not None and on_proxy.command.title == "Probe CORS"
            assert list(on_proxy.command.arguments or ()) == [
                {"url": f"http://127.0.0.1:{port}", "origin": "http://localhost:4200"}
            ]
            line = proxy.read_text().splitlines()[on_proxy.range.start.line]
            assert str(port) in line[on_proxy.range.start.character : on_proxy.range.end.character]

            route_lenses = await lenses(client, app)
            routes = [lens for lens in route_lenses if lens.command and "/api/" in str(lens.command.arguments)]
            if not routes:
                pytest.skip("the Flask route reader (tools/flask/cors_reader.py) offers no routes yet")
            (on_route,) = routes
            assert on_route.command is not None
            assert list(on_route.command.arguments or ()) == [
                {
                    "url": f"http://localhost:{port}/api/x/1",
                    "origin": "http://localhost:4200",
                    "method": "POST",
                    "headers": {"Content-Type": "application/json"},
                }
            ]
            answer = await client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command=on_route.command.command, arguments=on_route.command.arguments)
            )
    assert isinstance(answer, dict)
    result = answer["result"]
    assert result["ok"] is True and result["preflightNeeded"] is True
    first = result["addresses"][0]
    assert first["answeredBy"]["product"] == "Werkzeug"
    assert first["preflight"]["status"] == 200 and first["request"]["status"] == 200
    assert "CORS      ok" in answer["summary"]


async def test_the_command_refuses_other_hosts(tmp_path: Path) -> None:
    async with running_server(tmp_path) as client:
        with pytest.raises(Exception, match=r"refusing to probe example\.com"):
            await client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="portlint.probeCors", arguments=[{"url": "http://example.com/"}])
            )


async def test_the_command_ends_at_its_deadline_however_slowly_the_peer_answers(tmp_path: Path) -> None:
    """A byte every 0.2 s used to keep the command (and `exit` after it) going for minutes."""
    trickle = Trickle(pace=0.2)
    with raw_server(trickle) as port:
        try:
            async with running_server(tmp_path) as client:
                command = client.workspace_execute_command_async(
                    lsp.ExecuteCommandParams(
                        command="portlint.probeCors", arguments=[{"url": f"http://127.0.0.1:{port}/"}]
                    )
                )
                answer = await asyncio.wait_for(command, WAIT)
        finally:
            trickle.stop.set()
    assert isinstance(answer, dict)
    assert "sent no complete HTTP answer in 3 s" in answer["summary"]
