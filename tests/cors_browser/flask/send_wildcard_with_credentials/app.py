from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, send_wildcard=True)


@app.route("/api/me")
def me():
    return jsonify(user="ada")
