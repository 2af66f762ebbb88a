from flask import Flask, abort, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.before_request
def require_token():
    if "Authorization" not in request.headers:
        abort(401)


@app.route("/api/todos", methods=["GET", "POST"])
def todos():
    if request.method == "POST":
        return jsonify(request.get_json()), 201
    return jsonify([])
