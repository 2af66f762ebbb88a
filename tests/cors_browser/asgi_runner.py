"""Serves one case's FastAPI / Starlette app for real: imports `app.py` from the folder given (module-level
`app`), binds a socket on 127.0.0.1 port 0, prints one JSON line (the port) once it listens, then serves it
with uvicorn until killed. Startup errors print `{"error": ...}`."""

from __future__ import annotations

import importlib.util
import json
import socket
import sys

import uvicorn


def main() -> None:
    folder = sys.argv[1]
    try:
        spec = importlib.util.spec_from_file_location("case_app", f"{folder}/app.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, folder)
        spec.loader.exec_module(module)
        app = module.app
    except Exception as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        sys.exit(3)
    listener = socket.create_server(("127.0.0.1", 0))  # listening already: connections wait in its backlog
    print(json.dumps({"port": listener.getsockname()[1]}), flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[listener])


if __name__ == "__main__":
    main()
