from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"], allow_methods=["*"], allow_headers=["*"])


class Todo(BaseModel):
    title: str


@app.get("/api/todos")
def list_todos():
    return []


@app.post("/api/todos", status_code=201)
def add_todo(todo: Todo):
    return todo
