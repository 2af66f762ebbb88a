"""The seed story as files: the workspace a developer opened in VS Code when AirPlay held Flask's port.

Flask on PORT in `backend/.flaskenv` and in a launch configuration (`--port PORT`), an Angular proxy to
`http://localhost:PORT`, and a firebase hosting emulator with no port set (firebase-tools' default 5000).
The story's PORT is 5000, where the hosting default lands too; a test that cannot have 5000 passes another
port and writes the hosting emulator's port out on it.
"""

from __future__ import annotations

import json
from pathlib import Path

STORY_PORT = 5000

ANGULAR_JSON = {
    "version": 1,
    "projects": {
        "web": {
            "projectType": "application",
            "root": "",
            "sourceRoot": "src",
            "architect": {
                "serve": {
                    "builder": "@angular/build:dev-server",
                    "options": {"proxyConfig": "src/proxy.conf.json"},
                }
            },
        }
    },
}

LAUNCH_JSON = """{
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Flask",
      "type": "debugpy",
      "request": "launch",
      "module": "flask",
      "cwd": "${workspaceFolder}/backend",
      "env": { "FLASK_APP": "app.py", "FLASK_DEBUG": "1" },
      "args": ["run", "--no-debugger", "--no-reload", "--port", "PORT"],
      "jinja": true
    }
  ]
}
"""

APP_PY = """from flask import Flask

app = Flask(__name__)


@app.get("/api/hello")
def hello():
    return {"hello": "world"}
"""


def write_story(root: Path, port: int = STORY_PORT, hosting_port: int | None = None) -> dict[str, Path]:
    """Write the story's files under `root`; the files by role. `hosting_port` writes the hosting emulator's
    port out (for a test that cannot have 5000, where the default lands)."""
    files = {
        "flaskenv": root / "backend" / ".flaskenv",
        "app": root / "backend" / "app.py",
        "launch": root / ".vscode" / "launch.json",
        "proxy": root / "src" / "proxy.conf.json",
        "firebase": root / "firebase.json",
        "angular": root / "angular.json",
        "package": root / "package.json",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    files["flaskenv"].write_text(f"FLASK_APP=app.py\nFLASK_RUN_PORT={port}\n")
    files["app"].write_text(APP_PY)
    files["launch"].write_text(LAUNCH_JSON.replace("PORT", str(port)))
    files["proxy"].write_text('{\n  "/api": { "target": "http://localhost:%d", "secure": false }\n}\n' % port)
    hosting = "{}" if hosting_port is None else '{ "port": %d }' % hosting_port
    files["firebase"].write_text(
        '{\n  "hosting": { "public": "dist/web/browser" },\n  "emulators": { "hosting": %s }\n}\n' % hosting
    )
    files["angular"].write_text(json.dumps(ANGULAR_JSON, indent=2) + "\n")
    scripts = {"start": "ng serve", "emulators": "firebase emulators:start"}
    files["package"].write_text(json.dumps({"name": "story", "private": True, "scripts": scripts}, indent=2) + "\n")
    return files
