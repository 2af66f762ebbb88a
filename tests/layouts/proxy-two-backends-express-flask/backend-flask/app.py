from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/predict")
def predict():
    return jsonify(delay=0)
