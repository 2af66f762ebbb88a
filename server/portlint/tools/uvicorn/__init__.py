"""uvicorn and the FastAPI CLI: `uvicorn main:app --port N` (`UVICORN_PORT`/`UVICORN_HOST`), `fastapi dev|run`
(`PORT`), and `uvicorn.run(app, host=..., port=...)` in Python source."""

from __future__ import annotations

from ..base import AlsoReads, DevServer

NAME = "uvicorn"
_CLI = "portlint.tools.uvicorn.cli"

TOOL = DevServer(
    name=NAME,
    also_reads=(AlsoReads("python", "portlint.tools.uvicorn.source:parse_uvicorn_runs", needs_bytes=(b"uvicorn",)),),
    programs={"uvicorn": f"{_CLI}:read_uvicorn_args", "fastapi": f"{_CLI}:read_fastapi_args"},
    python_modules={"uvicorn": f"{_CLI}:read_uvicorn_args", "fastapi": f"{_CLI}:read_fastapi_args"},
    resolve="portlint.tools.uvicorn.resolve:resolve",
    environment=("UVICORN_PORT", "UVICORN_HOST", "PORT"),
)
