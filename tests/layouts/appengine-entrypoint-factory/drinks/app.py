import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["MODE"] = os.environ.get("CONFIG_MODE", "development")

    @app.route("/")
    def index():
        return "drinks"

    return app
