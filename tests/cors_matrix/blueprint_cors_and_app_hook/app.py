from flask import Blueprint, Flask, jsonify
from flask_cors import CORS

api = Blueprint("api", __name__, url_prefix="/api")
CORS(api)


@api.route("/items", methods=["GET", "POST"])
def items():
    return jsonify([])


@api.after_app_request
def everywhere(response):
    response.headers.add("Access-Control-Allow-Origin", "*")
    return response


app = Flask(__name__)
app.register_blueprint(api)


@app.route("/health")
def health():
    return "ok"
