from flask import Flask, jsonify
from flask_cors import CORS


def create_app():
    app = Flask(__name__)

    @app.after_request
    def add_cors_headers(response):
        response.headers.add("Access-Control-Allow-Origin", "http://localhost:4200")
        return response

    CORS(app)

    @app.route("/api/todos")
    def todos():
        return jsonify([])

    return app
