import os

from app import create_app

application = create_app(os.getenv("APP_ENVIRONMENT") or "development")
