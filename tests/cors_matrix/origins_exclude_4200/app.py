from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://127.0.0.1:4200", "https://example.com"])


@app.route("/api/data", methods=["GET", "POST"])
def data():
    return jsonify(ok=True)
