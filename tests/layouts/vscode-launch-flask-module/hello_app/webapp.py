# Entry point for the application.
from . import app  # noqa: F401
from . import views  # noqa: F401
