from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, methods=["GET", "POST"])


@app.route("/api/todos/<int:todo_id>", methods=["GET", "PUT"])
def todo(todo_id):
    if request.method == "PUT":
        return jsonify(id=todo_id, **request.get_json())
    return jsonify(id=todo_id)
