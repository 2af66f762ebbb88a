from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:4200"])


@app.post("/api/todos", status_code=201)
def add_todo(todo: dict):
    return todo
