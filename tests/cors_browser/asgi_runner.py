"""Serves one case's FastAPI / Starlette app for real: imports `app.py` from the folder given (module-level
`app`; imported as tests/cors_matrix/runner.py imports Flask apps), binds a socket on 127.0.0.1 port 0,
prints one JSON line (the port) once it listens, then serves it with uvicorn until killed. Startup errors
print `{"error": ...}`."""

from __future__ import annotations

import json
import socket
import sys

import uvicorn

from tests.cors_matrix.runner import case_module  # the repository on PYTHONPATH (servers.py)


def main() -> None:
    folder = sys.argv[1]
    try:
        app = case_module(folder).app
    except Exception as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        sys.exit(3)
    listener = socket.create_server(("127.0.0.1", 0))  # listening already: connections wait in its backlog
    print(json.dumps({"port": listener.getsockname()[1]}), flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[listener])


if __name__ == "__main__":
    main()
