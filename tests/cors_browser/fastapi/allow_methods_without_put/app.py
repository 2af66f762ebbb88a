from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:4200"],
    allow_methods=["GET", "POST"],
    allow_headers=["*"],
)


class Todo(BaseModel):
    done: bool


@app.put("/api/todos/{todo_id}")
def update_todo(todo_id: int, todo: Todo):
    return {"id": todo_id, "done": todo.done}
