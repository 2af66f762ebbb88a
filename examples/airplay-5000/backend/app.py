from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:4200"])


@app.get("/api/hello")
def hello():
    return jsonify(message="hello from Flask")
