from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://housing.example.com"])  # the deployed front end


@app.route("/api/housing-data", methods=["GET"])
def housing_data():
    return jsonify([])


@app.route("/api/forecast", methods=["GET"])
def forecast():
    months = int(request.args.get("months", 5))
    return jsonify({"months": months})


if __name__ == "__main__":
    app.run(debug=True)
