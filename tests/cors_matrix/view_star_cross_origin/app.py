from flask import Flask, jsonify
from flask_cors import cross_origin

app = Flask(__name__)


@app.route("/api/data", methods=["GET"])
@cross_origin()
def data():
    response = jsonify(ok=True)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
