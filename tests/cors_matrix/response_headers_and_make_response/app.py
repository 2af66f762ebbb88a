from flask import Flask, Response, make_response
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.route("/api/plain")
def plain():
    return Response("hi", headers={"Access-Control-Allow-Origin": "*"})


@app.route("/api/made")
def made():
    return make_response("hi", 200, {"Access-Control-Allow-Origin": "https://example.com"})
