from flask import Flask, jsonify
from flask_cors import cross_origin

app = Flask(__name__)


@app.route("/api/todos")
@cross_origin()
def todos():
    response = jsonify([])
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
