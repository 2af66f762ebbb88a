from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.after_request
def add_cors(response):
    response.headers.add("Access-Control-Allow-Origin", "*")
    return response


@app.route("/api/data", methods=["GET", "POST"])
def data():
    return jsonify(ok=True)
