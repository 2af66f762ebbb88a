import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware as Cors

from .settings import settings

FRONT_END = "http://localhost:5173"
origins = [FRONT_END, "http://127.0.0.1:5173"]
extra = ["http://localhost:3000"]
extra.append(os.environ["EXTRA_ORIGIN"])

app = FastAPI(title="todos")
app.add_middleware(
    Cors,
    allow_origins=origins,
    allow_credentials=True,
    allow_methods=("GET", "POST"),
    allow_headers=["Authorization"],
    allow_origin_regex=r"https://.*\.example\.com",
    max_age=3600,
)

admin = FastAPI()
admin.add_middleware(Cors, allow_origins=settings.cors_origins, allow_methods=extra)
admin.add_middleware(Cors, **settings.cors)

if os.environ.get("DEBUG"):
    app.add_middleware(Cors, allow_origins=["*"])


def configure() -> None:
    admin.add_middleware(Cors, allow_origins=["http://localhost:5173"])


def create_app() -> FastAPI:
    made = FastAPI()
    made.add_middleware(Cors, allow_origins=["http://localhost:4200"])
    return made
