from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.cors import CORSMiddleware

from .middleware import TimingMiddleware


async def add_vary(request: Request, call_next):
    response = await call_next(request)
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin", "")
    return response


app = FastAPI(
    middleware=[
        Middleware(CORSMiddleware, allow_origins=["http://localhost:4200"]),
        Middleware(GZipMiddleware),
    ]
)
app.add_middleware(TimingMiddleware)
app.add_middleware(BaseHTTPMiddleware, dispatch=add_vary)


@app.middleware("http")
async def last_added_is_outermost(request: Request, call_next):
    return await call_next(request)


other = FastAPI(middleware=build_middleware())


MIDDLEWARE = [Middleware(CORSMiddleware, allow_origins=["*"])]
listed = FastAPI(middleware=MIDDLEWARE)
