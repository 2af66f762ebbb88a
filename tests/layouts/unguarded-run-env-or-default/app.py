from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/")
def index():
    return "<h1>Hello</h1>"


@app.route("/analyse", methods=["POST"])
def analyse():
    return jsonify({"response": "ok", "files": len(request.files)}), 200
