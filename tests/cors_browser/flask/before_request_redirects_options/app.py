from flask import Flask, jsonify, redirect, request, session
from flask_cors import CORS

app = Flask(__name__)
app.secret_key = "dev"
CORS(app)


@app.before_request
def require_login():
    if "user" not in session and request.endpoint != "login":
        return redirect("/login")


@app.route("/login")
def login():
    return jsonify(login=True)


@app.route("/api/todos", methods=["POST"])
def add_todo():
    return jsonify(request.get_json()), 201
