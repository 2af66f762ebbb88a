import json

from flask import Flask, jsonify, request
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app)


@app.route("/add_product", methods=["POST"])
@cross_origin()
def add_product():
    data = request.get_json()
    return jsonify({"message": "added", "data": data})


if __name__ == "__main__":
    app.run(port=5000)
