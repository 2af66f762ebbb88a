from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.route("/api/me", methods=["GET", "POST"])
def me():
    return jsonify(user="ada")
