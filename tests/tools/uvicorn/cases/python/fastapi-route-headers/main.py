from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse

app = FastAPI()
router = APIRouter(prefix=API_PREFIX)


@app.get("/api/items")
def items():
    return JSONResponse([], headers={"Access-Control-Allow-Origin": "http://localhost:4200", "Cache-Control": "no-store"})


@app.post("/api/items", status_code=201)
def add_item(item: dict, response: Response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return item


@app.api_route("/api/any", methods=["GET", "put"])
def anything(headers: dict):
    return JSONResponse({}, headers=headers)


@app.options("/api/items")
def preflight():
    return Response(headers={"Access-Control-Allow-Methods": "GET, POST"})


@router.get("/")
def listed():
    return []


@app.get(PATH)
def unknown_path():
    return []
