"""waitress resolved as waitress 3.0 reads its settings (checked against the real one in
tests/fidelity/test_python_servers_fidelity.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portlint.check import check_workspace


def claims(root: Path) -> list[tuple[str, int, bool]]:
    report = check_workspace(str(root), live=False, environ={})
    return sorted((c.host, c.port, c.explicit) for c in report.claims if c.tool == "waitress")


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("waitress-serve app:app", [("0.0.0.0", 8080, False)]),
        ("waitress-serve --port=8081 app:app", [("0.0.0.0", 8081, True)]),
        ("waitress-serve --host 127.0.0.1 app:app", [("127.0.0.1", 8080, False)]),
        ("waitress-serve --listen=127.0.0.1:8082 --listen=[::1]:8083 app:app",
         [("127.0.0.1", 8082, True), ("::1", 8083, True)]),
        ("waitress-serve --listen=*:8084 app:app", [("0.0.0.0", 8084, True), ("::", 8084, True)]),
        ("python -m waitress --port 8085 app:app", [("0.0.0.0", 8085, True)]),
        ("waitress-serve --unix-socket=/tmp/w.sock app:app", []),
        ("waitress-serve --port=$PORT app:app", []),
    ],
)  # fmt: skip
def test_command_lines(tmp_path: Path, script: str, expected: list[tuple[str, int, bool]]) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"web": script}}))
    assert claims(tmp_path) == expected


def test_serve_calls(tmp_path: Path) -> None:
    (tmp_path / "serve.py").write_text(
        "import os\nfrom waitress import serve\nfrom app import app\n"
        'serve(app, host="127.0.0.1", port=int(os.environ.get("PORT", 8090)))\n'
        'serve(app, listen="127.0.0.1:8091 [::1]:8092")\n'
    )
    assert claims(tmp_path) == [("127.0.0.1", 8090, True), ("127.0.0.1", 8091, True), ("::1", 8092, True)]
