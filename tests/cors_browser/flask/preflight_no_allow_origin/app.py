from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/todos", methods=["POST"])
def add_todo():
    response = jsonify(request.get_json())
    response.headers["Access-Control-Allow-Origin"] = "http://localhost:4200"
    return response, 201
