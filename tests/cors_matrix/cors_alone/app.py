from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.route("/api/data", methods=["GET", "POST"])
def data():
    return jsonify(ok=True)
