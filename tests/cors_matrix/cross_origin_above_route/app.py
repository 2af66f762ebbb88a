from flask import Flask, jsonify
from flask_cors import cross_origin

app = Flask(__name__)


# Above the route decorator: the route registers the undecorated view, so flask-cors never runs here.
@cross_origin()
@app.route("/api/data", methods=["GET"])
def data():
    response = jsonify(ok=True)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
