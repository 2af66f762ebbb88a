"""Every config parser, with the file name it expects, and the real files that seed the fuzzers."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portlint.core.facts import ParseResult
from portlint.readers.command_files import parse_makefile, parse_package_json, parse_procfile
from portlint.readers.dotenv import parse_dotenv
from portlint.readers.launch import parse_launch
from portlint.tools.angular.angular_json import parse_angular
from portlint.tools.angular.proxy_config import parse_proxy
from portlint.tools.firebase.firebase_json import parse_firebase
from portlint.tools.firebase.functions_source import parse_functions_source
from portlint.tools.flask.source import parse_flask_source
from portlint.tools.nginx.nginx_conf import parse_nginx
from portlint.workspace.discover import kind_of

ROOT = Path(__file__).resolve().parents[2]
SEED_FOLDERS = (ROOT / "tests" / "fixtures", ROOT / "examples")


@dataclass(frozen=True)
class Parser:
    name: str
    file_name: str  # relative to the fuzz workspace: the name the parser (and discovery) expects
    parse: Callable[[str, str], ParseResult]

    def seeds(self) -> list[str]:
        return seeds_for(self.name)


def _launch(path: str, text: str) -> ParseResult:
    return parse_launch(path, text, os.path.dirname(os.path.dirname(path)))


def _python_file(path: str, text: str) -> ParseResult:
    from portlint.tools.flask.python_file import parse_python_file

    return parse_python_file(path, text)


PARSERS: tuple[Parser, ...] = (
    Parser("firebase", "firebase.json", parse_firebase),
    Parser("angular", "angular.json", parse_angular),
    Parser("proxy-json", "proxy.conf.json", parse_proxy),
    Parser("proxy-js", "proxy.conf.js", parse_proxy),
    Parser("flask-source", "app.py", parse_flask_source),
    Parser("python-file", "app.py", _python_file),
    Parser("dotenv", ".env", parse_dotenv),
    Parser("launch", ".vscode/launch.json", _launch),
    Parser("package-json", "package.json", parse_package_json),
    Parser("makefile", "Makefile", parse_makefile),
    Parser("procfile", "Procfile", parse_procfile),
    Parser("nginx", "nginx.conf", parse_nginx),
    Parser("functions", "functions/index.js", parse_functions_source),  # named by firebase.json's rewrites
)


def _seed_name(path: Path) -> str | None:
    """Which parser a real file under the seed folders belongs to (None: not a config we fuzz)."""
    if path.name == "expected.json":
        return None
    if path.parent.parent.name == "functions" and path.suffix in (".js", ".ts"):
        return "functions"  # tests/fixtures/configs/functions/<case>/index.js: no name of its own
    kind = kind_of(str(path))
    if kind == "proxy":
        return "proxy-json" if path.suffix == ".json" else "proxy-js"
    if kind == "python":
        return "flask-source"
    return {
        "firebase": "firebase",
        "angular": "angular",
        "dotenv": "dotenv",
        "launch": "launch",
        "package": "package-json",
        "makefile": "makefile",
        "procfile": "procfile",
        "nginx": "nginx",
    }.get(kind or "")


def seed_files() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for folder in SEED_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and (name := _seed_name(path)) is not None:
                found.setdefault(name, []).append(path)
    found["python-file"] = found.get("flask-source", [])
    return found


def seeds_for(name: str) -> list[str]:
    """The seed texts of one parser: its real files, decoded as load() would (undecodable ones as bytes
    mapped to lone surrogates, which an editor's document can hold too)."""
    return [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in seed_files().get(name, [])]
