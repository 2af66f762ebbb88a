"""uvicorn and the FastAPI CLI: `uvicorn main:app --port N` (`UVICORN_PORT`/`UVICORN_HOST`), `fastapi dev|run`
(`PORT`), and `uvicorn.run(app, host=..., port=...)` in Python source; the CORS answers of the FastAPI /
Starlette apps it serves (CORSMiddleware, middleware functions and routes writing Access-Control headers)."""

from __future__ import annotations

from ..base import AlsoReads, DevServer

NAME = "uvicorn"
_CLI = "portlint.tools.uvicorn.cli"
# A FastAPI / Starlette module, or a middleware class of the project writing Access-Control headers.
_ASGI_BYTES = (b"fastapi", b"FastAPI", b"starlette", b"Starlette", b"Access-Control", b"access-control")

TOOL = DevServer(
    name=NAME,
    also_reads=(
        AlsoReads("python", "portlint.tools.uvicorn.source:parse_uvicorn_runs", needs_bytes=(b"uvicorn",)),
        # FastAPI / Starlette apps and routers, for their CORS answers (`cors` below).
        AlsoReads("python", "portlint.tools.uvicorn.asgi_reader:parse_asgi_cors", needs_bytes=_ASGI_BYTES),
    ),
    programs={"uvicorn": f"{_CLI}:read_uvicorn_args", "fastapi": f"{_CLI}:read_fastapi_args"},
    python_modules={"uvicorn": f"{_CLI}:read_uvicorn_args", "fastapi": f"{_CLI}:read_fastapi_args"},
    resolve="portlint.tools.uvicorn.resolve:resolve",
    cors="portlint.tools.uvicorn.cors_routes:fastapi_cors_routes",
    reads=(
        "portlint.tools.uvicorn.facts:UvicornRun",
        "portlint.tools.uvicorn.asgi_facts:AsgiModule",
    ),
    environment=("UVICORN_PORT", "UVICORN_HOST", "PORT"),
)
