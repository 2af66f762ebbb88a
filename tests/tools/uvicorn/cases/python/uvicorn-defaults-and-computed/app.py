from uvicorn import run as serve

from .settings import settings
from .web import app


def main() -> None:
    serve(app)


def main_configured() -> None:
    serve(app, host=settings.host, port=settings.port)


def main_broken() -> None:
    serve(app, port=int(
