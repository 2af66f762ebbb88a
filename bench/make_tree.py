"""Writes a plausible Angular + Flask + Firebase workspace of 100,000 files for the discovery benchmark.

    python bench/make_tree.py OUT [--files N] [--python N]

80% of the files sit under node_modules (packages of 100 files each); the rest is the app: Angular
components under src/, a Flask backend, a virtualenv, build output in dist/ and a few files .gitignore
ignores, plus the configs portlint reads. The same N always gives the same tree.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator

CONFIGS = {
    "firebase.json": json.dumps({"emulators": {"auth": {"port": 9099}, "hosting": {"port": 5000}}}, indent=2),
    "angular.json": json.dumps(
        {"projects": {"web": {"architect": {"serve": {"options": {"port": 4200, "proxyConfig": "proxy.conf.json"}}}}}},
        indent=2,
    ),
    "proxy.conf.json": json.dumps({"/api": {"target": "http://localhost:5000", "secure": False}}, indent=2),
    "package.json": json.dumps({"name": "web", "scripts": {"start": "ng serve", "api": "flask run"}}, indent=2),
    ".gitignore": "dist/\ntmp/\n*.log\n.angular/\n",
    ".vscode/launch.json": json.dumps(
        {"configurations": [{"name": "Flask", "type": "debugpy", "request": "launch", "module": "flask"}]}
    ),
    "Procfile": "api: flask --app backend/app run\n",
    "backend/.flaskenv": "FLASK_APP=app.py\nFLASK_RUN_PORT=5000\n",
    "backend/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
}
PACKAGE_LAYOUT = [("", 4), ("lib", 40), ("lib/internal", 20), ("dist", 20), ("types", 16)]  # 100 per package
COMPONENT = ["component.ts", "component.html", "component.scss", "component.spec.ts"]


def node_modules(count: int) -> Iterator[str]:
    packages = count // 100
    for number in range(packages):
        scope = f"@scope{number % 20}/" if number % 3 == 0 else ""
        base = f"node_modules/{scope}pkg{number}"
        for folder, files in PACKAGE_LAYOUT:
            for index in range(files):
                name = "package.json" if not folder and index == 0 else f"f{index}.js"
                yield f"{base}/{folder}/{name}" if folder else f"{base}/{name}"


def app(count: int) -> Iterator[str]:
    fixed = [
        *(f".venv/lib/python3.11/site-packages/mod{i // 20}/m{i}.py" for i in range(1500)),
        ".venv/pyvenv.cfg",
        *(f"dist/web/chunk-{i}.js" for i in range(500)),
        *(f"tmp/scratch{i}.txt" for i in range(200)),
        *(f"logs/run{i}.log" for i in range(100)),
        *(f"backend/api/route{i}.py" for i in range(20)),
        *(f"backend/tests/test_{i}.py" for i in range(10)),
        *(f"src/assets/img{i}.png" for i in range(200)),
    ]
    yield from fixed
    remaining = count - len(fixed) - len(CONFIGS)
    for index in range(remaining):
        component, part = divmod(index, len(COMPONENT))
        feature, name = divmod(component, 12)
        yield f"src/app/feature{feature // 10}/area{feature}/c{name}/c{name}.{COMPONENT[part]}"


def python_sources(count: int) -> dict[str, str]:
    """A backend of `count` modules (part of `--files`' app share): one in ten imports Flask, as blueprints do."""
    sources = {}
    for index in range(count):
        text = "from flask import Blueprint\n\nbp = Blueprint('m', __name__)\n" if index % 10 == 0 else "x = 1\n"
        sources[f"backend/pkg{index // 50}/mod{index}.py"] = text
    return sources


def write_tree(out: str, total: int, python: int = 0) -> int:
    written = 0
    made: set[str] = set()
    app_files = [*app(total - total * 4 // 5 - python)]
    contents = {path: "" for path in [*node_modules(total * 4 // 5), *app_files]}
    contents.update(python_sources(python))
    contents.update(CONFIGS)
    contents[".venv/pyvenv.cfg"] = "home = /usr/bin\n"
    for rel, text in contents.items():
        path = os.path.join(out, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text or "//\n")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="folder to write (created; existing files are overwritten)")
    parser.add_argument("--files", type=int, default=100_000, help="how many files (default 100000)")
    parser.add_argument("--python", type=int, default=0, help="of those, Python modules of the backend (default 0)")
    arguments = parser.parse_args()
    written = write_tree(arguments.out, arguments.files, arguments.python)
    print(f"wrote {written} files under {arguments.out}")


if __name__ == "__main__":
    main()
