from flask import Flask, jsonify
from flask_cors import CORS

cors = CORS()


def create_app():
    app = Flask(__name__)

    @app.after_request
    def add_cors(response):
        response.headers.add("Access-Control-Allow-Origin", "*")
        return response

    cors.init_app(app, origins="http://localhost:4200")

    @app.route("/api/data", methods=["GET", "POST"])
    def data():
        return jsonify(ok=True)

    return app
