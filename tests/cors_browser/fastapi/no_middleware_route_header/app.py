from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/api/todos")
def add_todo(todo: dict):
    return JSONResponse(todo, status_code=201, headers={"Access-Control-Allow-Origin": "http://localhost:4200"})
