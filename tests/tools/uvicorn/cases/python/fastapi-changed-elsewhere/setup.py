from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from .api import api_app


def setup_cors(app: FastAPI) -> None:
    app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:5173"])


root = FastAPI()
root.mount("/api", api_app)
root.mount("/static", StaticFiles(directory="static"), name="static")


wrapped = CORSMiddleware(root, allow_origins=["*"])
root.middleware("http")(setup_cors)
