from flask import Flask, jsonify, request

app = Flask(__name__)


@app.after_request
def echo(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


@app.route("/api/data", methods=["GET", "POST"])
def data():
    return jsonify(ok=True)
