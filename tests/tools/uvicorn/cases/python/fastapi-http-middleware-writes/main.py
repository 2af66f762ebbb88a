from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

app = FastAPI()
ORIGIN = "Access-Control-Allow-Origin"


@app.middleware("http")
async def cors_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers[ORIGIN] = "*"
    response.headers.append("Access-Control-Allow-Credentials", "true")
    response.headers.setdefault("access-control-allow-headers", "*")
    response.headers["X-Process-Time"] = "1"
    return response


@app.middleware("http")
async def only_sometimes(request: Request, call_next):
    response = await call_next(request)
    if request.url.path.startswith("/api"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@app.middleware("http")
async def answers_options(request: Request, call_next):
    if request.method == "OPTIONS":
        return Response(status_code=204)
    try:
        return await call_next(request)
    except ValueError:
        return JSONResponse({"detail": "bad"}, status_code=500)


@app.middleware("http")
async def from_settings(request: Request, call_next):
    response = await call_next(request)
    response.headers.update(settings.cors_headers)
    response.headers["Access-Control-Allow-Origin"] = settings.origin
    return response
