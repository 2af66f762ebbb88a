from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware

router = APIRouter(prefix="/todos")


@router.get("/")
def todos():
    return []


@router.delete("/{todo_id}")
def remove_todo(todo_id: int):
    return {"removed": todo_id}


app = FastAPI(
    middleware=[
        Middleware(CORSMiddleware, allow_origins=["http://localhost:4200"], allow_methods=["GET", "POST"]),
    ]
)
app.include_router(router, prefix="/api")
