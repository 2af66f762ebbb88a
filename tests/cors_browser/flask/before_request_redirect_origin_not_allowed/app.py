from flask import Flask, jsonify, redirect, request, session
from flask_cors import CORS

app = Flask(__name__)
app.secret_key = "dev"
CORS(app, origins=["http://localhost:3000"])


@app.before_request
def require_login():
    if not session.get("user") and not request.path.startswith("/login"):
        return redirect("/login")


@app.route("/api/todos", methods=["POST"])
def add_todo():
    return jsonify(request.get_json()), 201
