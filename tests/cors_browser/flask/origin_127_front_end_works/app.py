from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://127.0.0.1:5173"])


@app.route("/api/todos", methods=["GET", "POST"])
def todos():
    if request.method == "POST":
        return jsonify(request.get_json()), 201
    return jsonify([])
