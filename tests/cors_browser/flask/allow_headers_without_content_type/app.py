from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, allow_headers=["Authorization"])


@app.route("/api/todos", methods=["POST"])
def add_todo():
    return jsonify(request.get_json()), 201
