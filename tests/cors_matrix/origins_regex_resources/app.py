from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(
    app, resources={r"/api/*": {"origins": r"http://localhost:\d+"}, r"/admin/*": {"origins": "https://admin.example"}}
)


@app.route("/api/data", methods=["GET", "POST"])
def data():
    return jsonify(ok=True)


@app.route("/admin/stats")
def stats():
    return jsonify(n=1)
