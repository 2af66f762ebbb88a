from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/api/products")
def products():
    return jsonify([])


if __name__ == "__main__":
    app.run(port=5000, debug=True)
