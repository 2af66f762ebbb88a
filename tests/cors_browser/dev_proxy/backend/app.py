from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://shop.example.com"])  # only the deployed site: the dev server is not allowed


@app.post("/api/items")
def add_item():
    return jsonify(request.get_json()), 201


if __name__ == "__main__":
    app.run(port=5000)
