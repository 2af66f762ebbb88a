from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.after_request
def allow_everyone(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@app.route("/api/todos", methods=["GET", "POST"])
def todos():
    if request.method == "POST":
        return jsonify(request.get_json()), 201
    return jsonify([])
