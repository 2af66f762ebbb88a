from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.before_request
def require_token():
    if request.headers.get("Authorization") != "Bearer secret":
        return jsonify(error="unauthorized"), 401


@app.route("/api/me")
def me():
    return jsonify(user="ada")
