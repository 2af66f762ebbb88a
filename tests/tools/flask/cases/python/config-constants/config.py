import os


class Config:
    SECRET_KEY = os.getenv("SECRET_KEY", "dev")
    HOST = os.getenv("FLASK_HOST", "0.0.0.0")
    PORT = int(os.getenv("PORT", "5066"))


API_PORT = 5067
