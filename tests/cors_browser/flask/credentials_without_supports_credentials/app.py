from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:4200"])


@app.route("/api/me")
def me():
    return jsonify(user="ada")
