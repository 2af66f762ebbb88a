"""A small real workspace with one config of each kind the server watches, on ports the test chooses."""

from __future__ import annotations

import json
from pathlib import Path


def workspace_texts(flask: int, angular: int, hosting: int) -> dict[str, str]:
    """firebase.json, angular.json, src/proxy.conf.json, backend/.flaskenv and backend/app.py."""
    files = {
        "firebase.json": json.dumps(
            {"hosting": {}, "emulators": {"hosting": {"port": hosting}, "ui": {"enabled": False}}}, indent=2
        ),
        "angular.json": json.dumps(
            {
                "version": 1,
                "projects": {
                    "web": {
                        "architect": {
                            "serve": {
                                "builder": "@angular/build:dev-server",
                                "options": {"port": angular, "proxyConfig": "src/proxy.conf.json"},
                            }
                        }
                    }
                },
            },
            indent=2,
        ),
        "src/proxy.conf.json": json.dumps({"/api": {"target": f"http://127.0.0.1:{flask}"}}, indent=2),
        "backend/.flaskenv": f"FLASK_APP=app.py\nFLASK_RUN_PORT={flask}\n",
        "backend/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    }
    return {rel: text if text.endswith("\n") else text + "\n" for rel, text in files.items()}


def write_workspace(root: Path, flask: int, angular: int, hosting: int) -> dict[str, Path]:
    paths: dict[str, Path] = {}
    for rel, text in workspace_texts(flask, angular, hosting).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths[rel] = path
    return paths


def language_of(path: Path) -> str:
    if path.suffix == ".py":
        return "python"
    if path.suffix == ".json":
        return "json"
    return "plaintext"
