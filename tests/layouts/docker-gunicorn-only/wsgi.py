from main import app  # noqa: F401
