from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def allow_any_origin(request: Request, call_next):
    response = await call_next(request)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@app.get("/api/todos")
def list_todos():
    return []


@app.post("/api/todos", status_code=201)
def add_todo(todo: dict):
    return todo
