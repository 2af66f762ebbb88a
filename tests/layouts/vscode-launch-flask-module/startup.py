"""For Azure App Service, which runs gunicorn on this module's `app`."""
from hello_app.webapp import app  # noqa: F401
